#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace nladc::netlist {

// The devices the generator emits and the reader understands: the subset of
// ngspice's dialect nladc writes.
enum class DeviceKind {
  resistor,      // R name n+ n- value
  capacitor,     // C name n+ n- value
  voltageSource, // V name n+ n- spec   (spec: "DC 0.2", "PWL(0 0 1n 1.2 …)", "PULSE(…)")
  vcvs,          // E name n+ n- nc+ nc- gain
  behavioural,   // B name n+ n- V=expression
  vswitch,       // S name n+ n- nc+ nc- model
  mosfet,        // M name d g s b model W=… L=…
  instance,      // X name nets… subckt [param=value …]
  currentSource, // I name n+ n- spec   (spec: "DC 20u"; current flows from n+ through the source to n-)
};

// One device or subcircuit instance. `name` is the full SPICE name, its
// first letter the kind's (R, C, V, E, B, S, M, X, I). Nets are in SPICE
// terminal order; for an instance, the subcircuit's port order.
struct Device {
  std::string name;
  DeviceKind kind = DeviceKind::resistor;
  std::vector<std::string> nets;
  std::string model;                                       // mosfet/switch model, or the instance's subcircuit
  std::string value;                                       // R/C value, source spec, VCVS gain, B expression
  std::vector<std::pair<std::string, std::string>> params; // W=…, L=…, instance parameters
};

struct Subcircuit {
  std::string name;
  std::vector<std::string> ports;
  std::vector<Device> devices;
  // Parameters with their defaults (".subckt NAME ports… r=10k"); devices
  // refer to them as {r}.
  std::vector<std::pair<std::string, std::string>> params;
};

// A .model card: name, type (nmos, pmos, sw, …) and parameters.
struct ModelCard {
  std::string name;
  std::string type;
  std::vector<std::pair<std::string, std::string>> params;
};

// A whole deck. Net "0" is ground. Everything here reaches a SPICE file:
// builders validate every string that came from an input (see
// SpiceToken.hh) so nothing can open a control block or add a device.
struct Circuit {
  std::string title;
  std::vector<std::filesystem::path> includes;                     // .include PATH
  std::vector<std::pair<std::filesystem::path, std::string>> libs; // .lib PATH SECTION
  std::vector<ModelCard> models;
  std::vector<Subcircuit> subcircuits;
  std::vector<Device> devices;
  std::vector<std::string> options;  // ".options …" lines, without ".options"
  std::vector<std::string> analyses; // ".tran …", ".ic …" lines, as written
  std::vector<std::string> measures; // ".meas tran …" lines, as written
};

} // namespace nladc::netlist
