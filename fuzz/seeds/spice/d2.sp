nladc reference-column NL-ADC: conv1.relu (linear, 2 bits)
.include /work/main/examples/tech/generic-65nm.lib
.model nladc_switch sw (vt=0.6 vh=0.012 ron=1 roff=1e12)

.subckt nladc_cell wl bl sl r=10k
M1 bl wl mid sl nacc65 W=3e-07 L=6.5e-08
R1 mid sl {r}
.ends nladc_cell

.subckt nladc_integrator vg out rst
E1 out 0 0 vg 10000
C1 vg out 1.66447023038e-14
S1 vg out rst 0 nladc_switch
.ends nladc_integrator

.subckt nladc_comparator inp inn out
B1 out 0 V=0.6*(1+tanh(10000*(V(inp)-V(inn))))
.ends nladc_comparator

.subckt nladc_latch count cmp hold vdd
S1 count hold vdd cmp nladc_switch
C1 hold 0 1e-13
.ends nladc_latch

VDD vdd 0 DC 1.2
VSL sl 0 DC -0.2
VRST rst 0 PWL(0 1.2 1e-08 1.2 1.005e-08 0)
XINT vg ramp rst nladc_integrator
VWL0 wl0 0 PWL(0 -0.2 2.0025e-08 -0.2 2.0075e-08 1.2 2.9925e-08 1.2 2.9975e-08 -0.2)
VWL1 wl1 0 PWL(0 -0.2 3.0025e-08 -0.2 3.0075e-08 1.2 3.9925e-08 1.2 3.9975e-08 -0.2)
VWL2 wl2 0 PWL(0 -0.2 4.0025e-08 -0.2 4.0075e-08 1.2 4.9925e-08 1.2 4.9975e-08 -0.2)
VWL3 wl3 0 PWL(0 -0.2 5.0025e-08 -0.2 5.0075e-08 1.2 5.9925e-08 1.2 5.9975e-08 -0.2)
RBL1 vg bl1 1
XCAL0 wl0 bl1 sl nladc_cell r=100000000
RBL2 bl1 bl2 1
XCAL1 wl0 bl2 sl nladc_cell r=100000000
RBL3 bl2 bl3 1
XCAL2 wl0 bl3 sl nladc_cell r=100000000
RBL4 bl3 bl4 1
XCAL3 wl0 bl4 sl nladc_cell r=100000000
RBL5 bl4 bl5 1
XCAL4 wl0 bl5 sl nladc_cell r=100000000
RBL6 bl5 bl6 1
XS1_0 wl1 bl6 sl nladc_cell r=1000000
RBL7 bl6 bl7 1
XS2_0 wl2 bl7 sl nladc_cell r=952241.349815
RBL8 bl7 bl8 1
XS3_0 wl3 bl8 sl nladc_cell r=952176.652109
VCNT count 0 PWL(0 0 3.99875e-08 0 4.00125e-08 1 4.99875e-08 1 5.00125e-08 2 5.99875e-08 2
+ 6.00125e-08 3)
VIN0 in0 0 DC 0.125
XCMP0 ramp in0 cmp0 nladc_comparator
XLAT0 count cmp0 hold0 vdd nladc_latch
VIN1 in1 0 DC 0.375
XCMP1 ramp in1 cmp1 nladc_comparator
XLAT1 count cmp1 hold1 vdd nladc_latch

.options reltol=1e-9 vntol=1e-10 method=gear
.tran 5e-11 7e-08
.meas tran ramp0 FIND v(ramp) AT=3e-08
.meas tran ramp1 FIND v(ramp) AT=4e-08
.meas tran ramp2 FIND v(ramp) AT=5e-08
.meas tran ramp3 FIND v(ramp) AT=6e-08
.meas tran code0 FIND v(hold0) AT=6.5e-08
.meas tran code1 FIND v(hold1) AT=6.5e-08
.end
