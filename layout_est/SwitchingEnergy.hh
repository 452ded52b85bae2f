#pragma once

#include <vector>

namespace nladc::layout_est {

// The energy a SAR's capacitive DAC draws from its reference, for the DAC
// of netlist::capacitiveDacBlock: single-ended, binary weighted, 2^R units
// of C_u (a dummy unit and 2^(i−1) units for bit i), switched in the
// conventional charge-redistribution scheme (McCreary & Gray, IEEE JSSC
// 1975; its average energy in closed form: Ginsburg & Chandrakasan, IEEE
// JSSC 2007). V_in is sampled on the bottom plates with the top plate at
// ground; the bottom plates then go to ground (V_top = −V_in), and each
// comparison sets the bottom plates of the trial code's bits to V_ref, the
// others to ground. Energies are in units of C_u·V_ref²; inputs are
// fractions of V_ref. Sampling V_in draws from the input, not the
// reference, and is not counted here.

// The reference's energy while the DAC steps through `codes` (R-bit
// codes, in order) after holding `input`: at each step, V_ref times the
// charge it delivers to the bottom plates it holds.
double switchingSequenceEnergy(int dacBits, const std::vector<long>& codes, double input);

// A binary search over the K − 1 sorted thresholds `thresholdCodes` (R-bit
// DAC codes; K a power of two): step s tries the middle threshold of the
// codes still possible, as a SAR does. Averaged over inputs spread
// uniformly over [0, V_ref), by enumerating every output code: its bin's
// sequence at its bin's centre (the energy is linear in the input within a
// bin), weighted by the bin's width.
double searchSwitchingEnergy(int dacBits, const std::vector<long>& thresholdCodes);

// The linear SAR's average in closed form, for n bits: Ginsburg &
// Chandrakasan's Σ_{i=1}^{n} 2^(n+1−2i)·(2^i − 1) is for the differential
// array, two arrays switching in complement; the single-ended array draws
// half of it (tests/layout_est/test_adc_energy.cc enumerates every code).
double conventionalSwitchingEnergy(int bits);

} // namespace nladc::layout_est
