using System.Runtime.Intrinsics;

namespace ActorRec.Models.Scoring;

/// <summary>
/// How the scan kernel reads one stored element type of an item panel as float32; implemented by structs so that the
/// JIT compiles one specialised kernel per element type.
/// </summary>
/// <typeparam name="T">The stored element: float, or the upper half of a float for bfloat16.</typeparam>
internal interface IPanelElement<T>
    where T : unmanaged
{
    /// <summary>Bytes one stored element takes.</summary>
    static abstract int Size { get; }

    static abstract T FromSingle(float value);

    static abstract float ToSingle(T value);

    /// <summary>16 consecutive elements from <paramref name="offset"/>.</summary>
    static abstract Vector512<float> Load512(ref T source, nuint offset);

    /// <summary>8 consecutive elements from <paramref name="offset"/>.</summary>
    static abstract Vector256<float> Load256(ref T source, nuint offset);
}
