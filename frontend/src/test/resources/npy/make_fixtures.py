#!/usr/bin/env python3
"""Writes the .npy fixtures that NpyNumpyFixturesTest compares numfuse against.

Run from this directory with NumPy 2.x:  python3 make_fixtures.py
The tests hold the expected values themselves, so change both together.
"""
import numpy as np
from numpy.lib import format as npformat


def save(name, array):
    np.save(name, array, allow_pickle=False)


def save_version(name, array, version):
    with open(name, "wb") as f:
        npformat.write_array(f, array, version=version, allow_pickle=False)


# Little-endian C-order version 1.0 files: numfuse must write these byte for byte.
save("f8_3x4.npy", (np.arange(12, dtype="<f8") * 0.5 - 1).reshape(3, 4))
save("f8_special.npy", np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324,
                                 np.finfo(np.float64).max], dtype="<f8"))
save("f4_2x2.npy", np.array([[1.5, -2.25], [np.float32(3.4028235e38), 1e-45]], dtype="<f4"))
save("i4_5.npy", np.array([-2**31, -1, 0, 1, 2**31 - 1], dtype="<i4"))
save("i8_scalar.npy", np.array(42, dtype="<i8"))
save("i8_3.npy", np.array([-2**63, 0, 2**63 - 1], dtype="<i8"))
save("bool_2x3.npy", np.array([[True, False, True], [False, False, True]]))
save("bool_100.npy", np.arange(100) % 3 == 0)        # a 3-digit first axis changes the padding
save("f8_empty_2x0.npy", np.zeros((2, 0), dtype="<f8"))
save("bool_empty_0.npy", np.zeros(0, dtype=bool))
save("i4_1x1x1.npy", np.array([[[7]]], dtype="<i4"))
# 36 axes make the header end exactly on a 64-byte boundary, where NumPy pads a full 64 spaces.
save("i4_36d.npy", np.full((1,) * 36, 5, dtype="<i4"))

# Files numfuse only reads: other byte orders, Fortran order, newer format versions.
save("f4_be_2x3.npy", (np.arange(6) + 0.25).astype(">f4").reshape(2, 3))
save("i8_be_4.npy", np.array([-2**63, -1, 0, 2**63 - 1], dtype=">i8"))
save("i4_fortran_2x3x4.npy", np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)))
save("f8_be_fortran_3x2.npy", np.asfortranarray(np.arange(6, dtype=">f8").reshape(3, 2)))
save_version("f8_v2_2x2.npy", np.array([[1.0, 2.0], [3.0, 4.0]], dtype="<f8"), (2, 0))
save_version("f4_v3_3.npy", np.array([1.0, 2.5, -3.0], dtype="<f4"), (3, 0))
