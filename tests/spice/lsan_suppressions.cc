// LeakSanitizer's suppressions for the spice tests of the ASan build (a hook
// LSan calls; unused in other builds): what libngspice allocates for itself
// and never frees when one session loads deck after deck (32 bytes a load,
// seen in the comparator tests, which bisect an offset in one in-process
// session). A leak whose stack holds no libngspice frame is still reported.
extern "C" const char* __lsan_default_suppressions()
{
  return "leak:libngspice.so\n";
}
