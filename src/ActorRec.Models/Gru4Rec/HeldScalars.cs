using TorchSharp;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// Scalars the scoring paths pass to libtorch, held for the process. A Scalar converted from a number at a call is
/// garbage as soon as its handle has been read, and a collection started by another thread (a serving silo allocates
/// all the time) could run its finalizer, which frees the native value, while libtorch still reads it.
/// </summary>
internal static class HeldScalars
{
    public static Scalar Zero { get; } = 0.ToScalar();

    public static Scalar One { get; } = 1.ToScalar();

    /// <summary>
    /// The exponent for squares: TorchSharp's <c>Tensor.square()</c> is <c>pow(2)</c> with a Scalar made at the call,
    /// which a collection on another thread freed mid-call once ("Unknown scalar type" from libtorch's pow).
    /// </summary>
    public static Scalar Two { get; } = 2.ToScalar();
}
