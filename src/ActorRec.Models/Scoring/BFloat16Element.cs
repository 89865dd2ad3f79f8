using System.Runtime.Intrinsics;

namespace ActorRec.Models.Scoring;

/// <summary>
/// Panels stored as bfloat16: the upper 16 bits of a float32 (8 bits of mantissa), widened back by a shift, so a load
/// moves half the bytes for one extra instruction.
/// </summary>
internal readonly struct BFloat16Element : IPanelElement<ushort>
{
    public static int Size => sizeof(ushort);

    /// <summary>Rounds to nearest, ties to even, as hardware conversions do.</summary>
    public static ushort FromSingle(float value)
    {
        var bits = BitConverter.SingleToUInt32Bits(value);
        if (float.IsNaN(value))
        {
            return (ushort)((bits >> 16) | 0x40);
        }

        var rounding = 0x7FFFu + ((bits >> 16) & 1);
        return (ushort)((bits + rounding) >> 16);
    }

    public static float ToSingle(ushort value) => BitConverter.UInt32BitsToSingle((uint)value << 16);

    public static Vector512<float> Load512(ref ushort source, nuint offset) =>
        Vector512.ShiftLeft(Vector512.WidenLower(Vector256.LoadUnsafe(ref source, offset).ToVector512Unsafe()), 16).AsSingle();

    public static Vector256<float> Load256(ref ushort source, nuint offset) =>
        Vector256.ShiftLeft(Vector256.WidenLower(Vector128.LoadUnsafe(ref source, offset).ToVector256Unsafe()), 16).AsSingle();
}
