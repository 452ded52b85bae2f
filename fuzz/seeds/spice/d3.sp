nladc reference-column NL-ADC: fc1.relu (bs-kmq, 3 bits)
.include /work/main/examples/tech/generic-16nm.lib
.model nladc_switch sw (vt=0.4 vh=0.008 ron=1 roff=1e12)

.subckt nladc_cell wl bl sl r=10k
M1 bl wl mid sl nacc16 W=3.2e-07 L=2e-08
R1 mid sl {r}
.ends nladc_cell

.subckt nladc_integrator vg out rst
E1 out 0 0 vg 1000
C1 vg out 1.9053982773e-13
S1 vg out rst 0 nladc_switch
.ends nladc_integrator

.subckt nladc_comparator inp inn out
B1 out 0 V=0.4*(1+tanh(10000*(V(inp)-V(inn))))
.ends nladc_comparator

.subckt nladc_latch count cmp hold vdd
S1 count hold vdd cmp nladc_switch
C1 hold 0 1e-13
.ends nladc_latch

VDD vdd 0 DC 0.8
VSL sl 0 DC -0.2
VRST rst 0 PWL(0 0.8 5e-09 0.8 5.02e-09 0)
XINT vg ramp rst nladc_integrator
VWL0 wl0 0 PWL(0 -0.2 1.001e-08 -0.2 1.003e-08 0.8 1.497e-08 0.8 1.499e-08 -0.2)
VWL1 wl1 0 PWL(0 -0.2 1.501e-08 -0.2 1.503e-08 0.8 1.997e-08 0.8 1.999e-08 -0.2)
VWL2 wl2 0 PWL(0 -0.2 2.001e-08 -0.2 2.003e-08 0.8 2.497e-08 0.8 2.499e-08 -0.2)
VWL3 wl3 0 PWL(0 -0.2 2.501e-08 -0.2 2.503e-08 0.8 2.997e-08 0.8 2.999e-08 -0.2)
VWL4 wl4 0 PWL(0 -0.2 3.001e-08 -0.2 3.003e-08 0.8 3.497e-08 0.8 3.499e-08 -0.2)
VWL5 wl5 0 PWL(0 -0.2 3.501e-08 -0.2 3.503e-08 0.8 3.997e-08 0.8 3.999e-08 -0.2)
VWL6 wl6 0 PWL(0 -0.2 4.001e-08 -0.2 4.003e-08 0.8 4.497e-08 0.8 4.499e-08 -0.2)
VWL7 wl7 0 PWL(0 -0.2 4.501e-08 -0.2 4.503e-08 0.8 4.997e-08 0.8 4.999e-08 -0.2)
RBL1 vg bl1 5
XCAL0 wl0 bl1 sl nladc_cell r=100000000
RBL2 bl1 bl2 5
XCAL1 wl0 bl2 sl nladc_cell r=100000000
RBL3 bl2 bl3 5
XCAL2 wl0 bl3 sl nladc_cell r=100000000
RBL4 bl3 bl4 5
XCAL3 wl0 bl4 sl nladc_cell r=100000000
RBL5 bl4 bl5 5
XCAL4 wl0 bl5 sl nladc_cell r=100000000
RBL6 bl5 bl6 5
XS1_0 wl1 bl6 sl nladc_cell r=1000000
RBL7 bl6 bl7 5
XS2_0 wl2 bl7 sl nladc_cell r=315329.45371
RBL8 bl7 bl8 5
XS3_0 wl3 bl8 sl nladc_cell r=226395.556973
RBL9 bl8 bl9 5
XS4_0 wl4 bl9 sl nladc_cell r=194498.072464
RBL10 bl9 bl10 5
XS5_0 wl5 bl10 sl nladc_cell r=140575.085413
RBL11 bl10 bl11 5
XS6_0 wl6 bl11 sl nladc_cell r=102564.994628
RBL12 bl11 bl12 5
XS7_0 wl7 bl12 sl nladc_cell r=74391.4561399
VCNT count 0 PWL(0 0 1.9995e-08 0 2.0005e-08 1 2.4995e-08 1 2.5005e-08 2 2.9995e-08 2 3.0005e-08 3
+ 3.4995e-08 3 3.5005e-08 4 3.9995e-08 4 4.0005e-08 5 4.4995e-08 5 4.5005e-08 6 4.9995e-08 6
+ 5.0005e-08 7)
VIN0 in0 0 DC 0.0666666666667
XCMP0 ramp in0 cmp0 nladc_comparator
XLAT0 count cmp0 hold0 vdd nladc_latch
VIN1 in1 0 DC 0.2
XCMP1 ramp in1 cmp1 nladc_comparator
XLAT1 count cmp1 hold1 vdd nladc_latch
VIN2 in2 0 DC 0.333333333333
XCMP2 ramp in2 cmp2 nladc_comparator
XLAT2 count cmp2 hold2 vdd nladc_latch

.options reltol=1e-9 vntol=1e-10 method=gear
.tran 2.5e-11 5.5e-08
.meas tran ramp0 FIND v(ramp) AT=1.5e-08
.meas tran ramp1 FIND v(ramp) AT=2e-08
.meas tran ramp2 FIND v(ramp) AT=2.5e-08
.meas tran ramp3 FIND v(ramp) AT=3e-08
.meas tran ramp4 FIND v(ramp) AT=3.5e-08
.meas tran ramp5 FIND v(ramp) AT=4e-08
.meas tran ramp6 FIND v(ramp) AT=4.5e-08
.meas tran ramp7 FIND v(ramp) AT=5e-08
.meas tran code0 FIND v(hold0) AT=5.25e-08
.meas tran code1 FIND v(hold1) AT=5.25e-08
.meas tran code2 FIND v(hold2) AT=5.25e-08
.end
