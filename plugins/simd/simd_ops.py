"""The Wasm 2.0 fixed-width SIMD instructions, grouped by stack shape, with the edge values used to
check them. Shared by gen_reference.py (one raw test module, run by wasmtime and by the Java test)
and gen_simd_wat.py (the Extism plug-in)."""

def ops(text):
    return text.split()

INT_UNARY = ops("""
 i8x16.abs i8x16.neg i8x16.popcnt i16x8.abs i16x8.neg i32x4.abs i32x4.neg i64x2.abs i64x2.neg v128.not
 i16x8.extadd_pairwise_i8x16_s i16x8.extadd_pairwise_i8x16_u i32x4.extadd_pairwise_i16x8_s i32x4.extadd_pairwise_i16x8_u
 i16x8.extend_low_i8x16_s i16x8.extend_high_i8x16_s i16x8.extend_low_i8x16_u i16x8.extend_high_i8x16_u
 i32x4.extend_low_i16x8_s i32x4.extend_high_i16x8_s i32x4.extend_low_i16x8_u i32x4.extend_high_i16x8_u
 i64x2.extend_low_i32x4_s i64x2.extend_high_i32x4_s i64x2.extend_low_i32x4_u i64x2.extend_high_i32x4_u
 f32x4.convert_i32x4_s f32x4.convert_i32x4_u f64x2.convert_low_i32x4_s f64x2.convert_low_i32x4_u
""")

INT_BINARY = ops("""
 v128.and v128.andnot v128.or v128.xor i8x16.swizzle
 i8x16.add i8x16.add_sat_s i8x16.add_sat_u i8x16.sub i8x16.sub_sat_s i8x16.sub_sat_u
 i8x16.min_s i8x16.min_u i8x16.max_s i8x16.max_u i8x16.avgr_u
 i16x8.add i16x8.add_sat_s i16x8.add_sat_u i16x8.sub i16x8.sub_sat_s i16x8.sub_sat_u i16x8.mul
 i16x8.min_s i16x8.min_u i16x8.max_s i16x8.max_u i16x8.avgr_u i16x8.q15mulr_sat_s
 i32x4.add i32x4.sub i32x4.mul i32x4.min_s i32x4.min_u i32x4.max_s i32x4.max_u i32x4.dot_i16x8_s
 i64x2.add i64x2.sub i64x2.mul
 i8x16.narrow_i16x8_s i8x16.narrow_i16x8_u i16x8.narrow_i32x4_s i16x8.narrow_i32x4_u
 i16x8.extmul_low_i8x16_s i16x8.extmul_high_i8x16_s i16x8.extmul_low_i8x16_u i16x8.extmul_high_i8x16_u
 i32x4.extmul_low_i16x8_s i32x4.extmul_high_i16x8_s i32x4.extmul_low_i16x8_u i32x4.extmul_high_i16x8_u
 i64x2.extmul_low_i32x4_s i64x2.extmul_high_i32x4_s i64x2.extmul_low_i32x4_u i64x2.extmul_high_i32x4_u
 i8x16.eq i8x16.ne i8x16.lt_s i8x16.lt_u i8x16.gt_s i8x16.gt_u i8x16.le_s i8x16.le_u i8x16.ge_s i8x16.ge_u
 i16x8.eq i16x8.ne i16x8.lt_s i16x8.lt_u i16x8.gt_s i16x8.gt_u i16x8.le_s i16x8.le_u i16x8.ge_s i16x8.ge_u
 i32x4.eq i32x4.ne i32x4.lt_s i32x4.lt_u i32x4.gt_s i32x4.gt_u i32x4.le_s i32x4.le_u i32x4.ge_s i32x4.ge_u
 i64x2.eq i64x2.ne i64x2.lt_s i64x2.gt_s i64x2.le_s i64x2.ge_s
""")

INT_TEST = ops("v128.any_true i8x16.all_true i16x8.all_true i32x4.all_true i64x2.all_true "
               "i8x16.bitmask i16x8.bitmask i32x4.bitmask i64x2.bitmask")

SHIFTS = ops("i8x16.shl i8x16.shr_s i8x16.shr_u i16x8.shl i16x8.shr_s i16x8.shr_u "
             "i32x4.shl i32x4.shr_s i32x4.shr_u i64x2.shl i64x2.shr_s i64x2.shr_u")

# Float results whose NaN bits the spec leaves open (any quiet NaN): compared as "is NaN" per lane.
FLOAT_UNARY = ops("""
 f32x4.abs f32x4.neg f32x4.sqrt f32x4.ceil f32x4.floor f32x4.trunc f32x4.nearest
 f64x2.abs f64x2.neg f64x2.sqrt f64x2.ceil f64x2.floor f64x2.trunc f64x2.nearest
 i32x4.trunc_sat_f32x4_s i32x4.trunc_sat_f32x4_u i32x4.trunc_sat_f64x2_s_zero i32x4.trunc_sat_f64x2_u_zero
 f32x4.demote_f64x2_zero f64x2.promote_low_f32x4
""")

FLOAT_BINARY = ops("""
 f32x4.add f32x4.sub f32x4.mul f32x4.div f32x4.min f32x4.max f32x4.pmin f32x4.pmax
 f64x2.add f64x2.sub f64x2.mul f64x2.div f64x2.min f64x2.max f64x2.pmin f64x2.pmax
 f32x4.eq f32x4.ne f32x4.lt f32x4.gt f32x4.le f32x4.ge f64x2.eq f64x2.ne f64x2.lt f64x2.gt f64x2.le f64x2.ge
""")

TERNARY = ["v128.bitselect"]

# instruction -> the lane shape of a result whose NaNs may be any quiet NaN
NAN_FREE = {"abs", "neg", "pmin", "pmax", "eq", "ne", "lt", "gt", "le", "ge"}

def nan_lanes(op):
    shape, name = op.split(".")
    if shape not in ("f32x4", "f64x2") or name in NAN_FREE or name.startswith("convert"):
        return None
    return "f32" if name == "demote_f64x2_zero" else ("f32" if shape == "f32x4" else "f64")

SPLATS = {"i8x16.splat": "i32", "i16x8.splat": "i32", "i32x4.splat": "i32", "i64x2.splat": "i64",
          "f32x4.splat": "f32", "f64x2.splat": "f64"}

# extract: (lanes, scalar type); replace likewise
EXTRACTS = {"i8x16.extract_lane_s": (16, "i32"), "i8x16.extract_lane_u": (16, "i32"),
            "i16x8.extract_lane_s": (8, "i32"), "i16x8.extract_lane_u": (8, "i32"),
            "i32x4.extract_lane": (4, "i32"), "i64x2.extract_lane": (2, "i64"),
            "f32x4.extract_lane": (4, "f32"), "f64x2.extract_lane": (2, "f64")}
REPLACES = {"i8x16.replace_lane": (16, "i32"), "i16x8.replace_lane": (8, "i32"),
            "i32x4.replace_lane": (4, "i32"), "i64x2.replace_lane": (2, "i64"),
            "f32x4.replace_lane": (4, "f32"), "f64x2.replace_lane": (2, "f64")}

LOADS = ops("v128.load v128.load8x8_s v128.load8x8_u v128.load16x4_s v128.load16x4_u v128.load32x2_s "
            "v128.load32x2_u v128.load8_splat v128.load16_splat v128.load32_splat v128.load64_splat "
            "v128.load32_zero v128.load64_zero")
LOAD_LANES = {"v128.load8_lane": 16, "v128.load16_lane": 8, "v128.load32_lane": 4, "v128.load64_lane": 2}
STORE_LANES = {"v128.store8_lane": 16, "v128.store16_lane": 8, "v128.store32_lane": 4, "v128.store64_lane": 2}

# Vectors with edge values at every lane width (WAT v128.const immediates).
INT_VECTORS = [
    "i8x16 0 1 -1 127 -128 2 -2 100 -100 50 -50 64 -64 126 -127 85",
    "i16x8 0 1 -1 32767 -32768 255 -256 21845",
    "i32x4 0x7fffffff 0x80000000 -1 1",
    "i64x2 0x8000000000000000 0x7fffffffffffffff",
    "i32x4 0x0000ffff 0xffff0000 0x00ff00ff 0x12345678",
]
FLOAT_VECTORS = [
    "f32x4 nan -0 inf 1.5",
    "f32x4 0 -inf -2.5 3.4e38",
    "f32x4 2.5 -0.5 4294967296 -2147483904",
    "f32x4 nan:0x200000 -nan 0.5 -3.5",
    "f64x2 nan -0",
    "f64x2 inf -2.5",
    "f64x2 2147483647.9 -1e300",
    "f64x2 4294967296.5 -0.75",
]
SHIFT_COUNTS = [0, 1, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, -1]
SCALARS = {
    "i32": ["0", "-1", "0x12345678", "0x80"],
    "i64": ["0", "-1", "0x123456789abcdef0"],
    "f32": ["nan", "-0", "1.5", "-inf"],
    "f64": ["nan:0x4000000000000", "-0", "2.5e-300"],
}
SHUFFLES = [
    "0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15",
    "31 30 29 28 27 26 25 24 23 22 21 20 19 18 17 16",
    "0 16 1 17 2 18 3 19 4 20 5 21 6 22 7 23",
    "15 15 15 15 31 31 31 31 0 0 16 16 8 24 7 23",
]

def all_instructions():
    """Every instruction name this table covers (for the coverage check)."""
    names = set(INT_UNARY + INT_BINARY + INT_TEST + SHIFTS + FLOAT_UNARY + FLOAT_BINARY + TERNARY + LOADS)
    names |= set(SPLATS) | set(EXTRACTS) | set(REPLACES) | set(LOAD_LANES) | set(STORE_LANES)
    names |= {"v128.const", "v128.store", "i8x16.shuffle"}
    return names


def v128_bytes(text):
    """The 16 bytes of a v128.const immediate written as above (for plug-in inputs)."""
    import struct
    shape, *lanes = text.split()
    if shape in ("f32x4", "f64x2"):
        fmt, width = ("<I", 32) if shape == "f32x4" else ("<Q", 64)
        return b"".join(struct.pack(fmt, _float_bits(v, width)) for v in lanes)
    width = {"i8x16": 8, "i16x8": 16, "i32x4": 32, "i64x2": 64}[shape]
    return b"".join((int(v, 0) & ((1 << width) - 1)).to_bytes(width // 8, "little") for v in lanes)


def _float_bits(v, width):
    import struct
    exp_all, quiet = (0x7F800000, 0x400000) if width == 32 else (0x7FF0000000000000, 0x8000000000000)
    sign = 1 << (width - 1) if v.startswith("-") else 0
    body = v.lstrip("-")
    if body == "nan":
        return sign | exp_all | quiet
    if body.startswith("nan:"):
        return sign | exp_all | int(body[4:], 0)
    if body == "inf":
        return sign | exp_all
    packed = struct.pack("<f" if width == 32 else "<d", float(v))
    return int.from_bytes(packed, "little")
