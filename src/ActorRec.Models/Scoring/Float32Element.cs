using System.Runtime.Intrinsics;

namespace ActorRec.Models.Scoring;

/// <summary>Panels stored as float32.</summary>
internal readonly struct Float32Element : IPanelElement<float>
{
    public static int Size => sizeof(float);

    public static float FromSingle(float value) => value;

    public static float ToSingle(float value) => value;

    public static Vector512<float> Load512(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);

    public static Vector256<float> Load256(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
}
