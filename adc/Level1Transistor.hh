#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace nladc::adc {

// The access transistor of a 1T1R cell as ngspice's level-1 MOSFET (Shichman
// –Hodges, no body effect), so the cell current can be solved exactly and
// the design can pre-compensate the transistor's on-resistance. The cell:
// bit line (drain, the integrator's virtual ground, 0 V) → NMOS → RRAM →
// source line at −Vread; the word line drives the gate.
struct Level1Transistor {
  double vto = 0.0;    // threshold voltage, V
  double kp = 0.0;     // transconductance parameter, A/V²
  double lambda = 0.0; // channel-length modulation, 1/V
  double w = 0.0;      // effective width, m
  double l = 0.0;      // effective length, m

  // The drain current and its derivatives at Vgs, Vds >= 0.
  struct Operating {
    double id = 0.0;  // A
    double gm = 0.0;  // ∂id/∂vgs, S
    double gds = 0.0; // ∂id/∂vds, S
  };
  Operating operating(double vgs, double vds) const;
  double drainCurrent(double vgs, double vds) const;

  // The current of a cell whose RRAM has resistance r, read at vread with
  // the word line at wordLineHigh, and its conductance ∂I/∂vread as seen
  // from the bit line (drain): gds / (1 + r·(gm + gds)).
  struct CellOperating {
    double current = 0.0;     // A
    double conductance = 0.0; // S
  };
  CellOperating cellOperating(double r, double vread, double wordLineHigh) const;
  double cellCurrent(double r, double vread, double wordLineHigh) const
  {
    return cellOperating(r, vread, wordLineHigh).current;
  }

  // The RRAM resistance that makes the cell carry `current`; nullopt when
  // the transistor alone cannot carry it.
  std::optional<double> resistanceFor(double current, double vread, double wordLineHigh) const;
};

// Reads the level-1 card `model` from a model file (".model NAME nmos
// (LEVEL=1 VTO=… KP=… LAMBDA=… LD=… WD=…)") for drawn size w × l. nullopt
// when the card is absent or not level 1 with GAMMA = 0 (a PDK model): the
// design then cannot compensate the on-resistance and says so.
std::optional<Level1Transistor> readLevel1Card(const std::filesystem::path& modelFile, const std::string& model,
                                               double w, double l);

} // namespace nladc::adc
