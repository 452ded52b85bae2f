#!/usr/bin/python3
"""Writes the activation-file fixtures of tests/quant/test_activation_reader.cc.

Run from anywhere with the system python and numpy:

    /usr/bin/python3 tests/data/make_fixtures.py

Array files are written by numpy itself (np.save, np.savez,
np.savez_compressed, np.lib.format.write_array), and each comes with the
values numpy holds for it as decimal text (expected_*.txt, in storage order),
so the test compares our readers against numpy rather than against
themselves. Broken files that numpy cannot write are made here byte by byte.
The output is byte-for-byte reproducible.
"""

import io
import os
import zipfile

import numpy as np

OUT = os.path.dirname(os.path.abspath(__file__))

FLOAT_TYPES = ["f2", "f4", "f8"]
INT_TYPES = ["i1", "i2", "i4", "i8", "u1", "u2", "u4", "u8"]
SHAPE = (4, 6)


def path(name):
    return os.path.join(OUT, name)


def write_bytes(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def write_text(name, text):
    with open(path(name), "w", newline="") as f:
        f.write(text)


def write_expected(name, array, order="C"):
    """The values of `array` in storage order, exact as decimal text."""
    np.savetxt(path(f"expected_{name}.txt"), np.asarray(array, dtype=np.float64).ravel(order=order), fmt="%.17g")


def base_values(code):
    """24 values that exercise the type `code`: for floats a seeded normal
    sample plus signed zero, float16 extremes and a float16 subnormal; for
    integers the type's limits and a run around zero."""
    dtype = np.dtype(code)
    if dtype.kind == "f":
        normal = np.random.default_rng(20260310).normal(scale=3.0, size=18)
        specials = [0.0, -0.0, 6.1035156e-05, 2.9802322e-07, 65504.0, -65504.0]
        return np.concatenate([normal, specials]).astype(dtype).reshape(SHAPE)
    info = np.iinfo(dtype)
    start = -9 if info.min < 0 else 0
    limits = [info.min, info.max, info.min + 1, info.max - 1]
    return np.array(limits + list(range(start, start + 20)), dtype=dtype).reshape(SHAPE)


def npy_bytes(header, data, version=(1, 0)):
    """An .npy file with a header text of our choosing, padded like numpy's."""
    length_bytes = 2 if version == (1, 0) else 4
    preamble = 6 + 2 + length_bytes
    text = header.encode("latin1")
    padding = -(preamble + len(text) + 1) % 64
    text += b" " * padding + b"\n"
    return (b"\x93NUMPY" + bytes(version) + len(text).to_bytes(length_bytes, "little") + text + data)


def npy_of(array, version=None):
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, array, version=version, allow_pickle=True)
    return buffer.getvalue()


def write_good_npy():
    for code in FLOAT_TYPES + INT_TYPES:
        values = base_values(code)
        write_expected(code, values)
        np.save(path(f"le_{code}.npy"), values.astype(values.dtype.newbyteorder("<")))
        if values.dtype.itemsize > 1:
            np.save(path(f"be_{code}.npy"), values.astype(values.dtype.newbyteorder(">")))

    fortran = np.asfortranarray(base_values("f4"))
    assert fortran.flags.f_contiguous and not fortran.flags.c_contiguous
    np.save(path("fortran_f4.npy"), fortran)
    write_expected("fortran_f4", fortran, order="F")

    np.save(path("shape3d_i4.npy"), base_values("i4").reshape(2, 3, 4))
    write_bytes("v2_f8.npy", npy_of(base_values("f8"), version=(2, 0)))
    write_bytes("v3_be_i2.npy", npy_of(base_values("i2").astype(">i2"), version=(3, 0)))
    np.save(path("scalar_f8.npy"), np.float64(2.5))

    # '=' (native order) is legal in a descr, though numpy writes '<' or '>'.
    native = npy_of(base_values("f4"))
    assert native.count(b"'<f4'") == 1
    write_bytes("native_order_f4.npy", native.replace(b"'<f4'", b"'=f4'"))

    # Older and hand-written headers: double quotes, other key order, no
    # trailing comma, Python 2 long integers.
    write_bytes("handmade_header.npy",
                npy_bytes('{"shape": (2L, 3L), "fortran_order": False, "descr": "<i4"}',
                          np.arange(6, dtype="<i4").tobytes()))


def write_bad_npy():
    good = npy_of(base_values("f4"))
    write_bytes("truncated.npy", good[:-5])
    write_bytes("trailing.npy", good + b"\0\0\0\0")
    write_bytes("bad_magic.npy", b"\x93NUMPZ" + good[6:])
    write_bytes("bad_version.npy", good[:6] + b"\x04\x00" + good[8:])
    write_bytes("empty.npy", b"")
    write_bytes("huge_header.npy", b"\x93NUMPY\x02\x00" + (0xFFFFFFF0).to_bytes(4, "little") + b"{'descr': ")
    write_bytes("bad_header.npy", npy_bytes("{'descr': '<f4' 'fortran_order': False, 'shape': (2,)}", bytes(8)))
    write_bytes("missing_shape.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, }", bytes(8)))
    write_bytes("negative_shape.npy", npy_bytes("{'descr': '<f4', 'fortran_order': False, 'shape': (-2,), }", bytes(8)))
    # Declared sizes far beyond the file: must be caught before allocating.
    write_bytes("huge_shape.npy", npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1000000000000,), }",
                                            bytes(8)))
    write_bytes("overflow_shape.npy",
                npy_bytes("{'descr': '<f8', 'fortran_order': False, 'shape': (1099511627776, 1099511627776), }",
                          bytes(8)))
    np.save(path("complex.npy"), np.arange(3, dtype=np.complex64))
    np.save(path("structured.npy"), np.zeros(3, dtype=[("a", "<f4"), ("b", "<i2")]))
    np.save(path("bool.npy"), np.array([True, False]))
    np.save(path("nonfinite.npy"), np.array([1.0, np.nan, 2.0, np.inf, -np.inf, 3.0], dtype="<f4"))
    np.save(path("all_nan.npy"), np.array([np.nan, np.nan], dtype="<f8"))
    np.save(path("empty_array.npy"), np.zeros(0, dtype="<f4"))


def write_npz():
    arrays = {"conv1.relu": base_values("f4"), "fc 2": base_values("i2")}
    np.savez(path("two_members.npz"), **arrays)
    np.savez_compressed(path("two_members_compressed.npz"), **arrays)
    # 1.2 MB of big-endian int16 deflates to a few KB and spans several of
    # the reader's conversion chunks.
    np.savez_compressed(path("chunked.npz"), periodic=(np.arange(600000) % 7).astype(">i2"))
    np.savez(path("empty_archive.npz"))

    fixed_time = (2026, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(path("bad_member.npz"), "w") as archive:
        archive.writestr(zipfile.ZipInfo("good.npy", fixed_time), npy_of(base_values("f4")))
        archive.writestr(zipfile.ZipInfo("broken.npy", fixed_time), npy_of(base_values("f4"))[:-5])
    write_text("not_a_zip.npz", "this is not a zip archive\n")

    # A stored member whose last data byte no longer matches its CRC-32: only
    # the checksum can tell.
    member = npy_of(base_values("f4"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("corrupt.npy", fixed_time), member)
    archive_bytes = bytearray(buffer.getvalue())
    assert archive_bytes.count(member) == 1
    archive_bytes[archive_bytes.index(member) + len(member) - 1] ^= 0x01
    write_bytes("bad_crc.npz", bytes(archive_bytes))


def write_text_files():
    rng = np.random.default_rng(7)
    values = rng.normal(scale=2.0, size=12).astype(np.float32)
    lines = ["# activations of layer 3", "index,value,label"]
    for i, value in enumerate(values):
        lines.append(f"{i},{value:.9g},{rng.integers(0, 10)}")
        if i == 4:
            lines += ["", "# a comment in the middle", "   "]
    write_text("column.csv", "\n".join(lines) + "\n")
    write_expected("column", values)

    np.savetxt(path("one_per_line.txt"), base_values("f4").ravel(), fmt="%.9g")
    write_text("semicolon.csv", "a;b\n1;0.5\n2;-1.25\n")
    write_text("tabs.txt", "1\t2.5\t3\n4\t-0.125\t6\n")
    write_text("spaces.txt", "1 2 3\n4   5 6\n")
    write_text("bom_crlf.csv", "\ufeff+1.5\r\n2.5e0\r\n")
    write_text("nonfinite.txt", "1\nnan\n2\ninf\n-inf\n3\n")
    write_text("one_nan.txt", "0.5\nNaN\n")
    write_text("bad_line.csv", "value\n1.0\n2.0\n\n# note\nabc\n4.0\n")
    write_text("short_row.csv", "a,b\n1,2\n3\n")
    write_text("empty.csv", "")
    write_text("header_only.csv", "value\n")

    base_values("f4").astype("<f4").tofile(path("raw.f32"))
    write_bytes("truncated.f32", bytes(10))
    write_bytes("empty.f32", b"")


if __name__ == "__main__":
    write_good_npy()
    write_bad_npy()
    write_npz()
    write_text_files()
