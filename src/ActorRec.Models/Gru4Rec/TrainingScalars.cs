using TorchSharp;

namespace ActorRec.Models.Gru4Rec;

/// <summary>The scalar arguments of a training run's tensor operations, created once and held for the run.</summary>
/// <remarks>
/// TorchSharp frees a Scalar in its finalizer, and one converted implicitly from a number at a call is garbage as soon
/// as its handle has been read: a garbage collection started by another thread (a serving silo allocates all the time)
/// can free it while libtorch is still reading it. Under serving load that failed retraining runs with "Unknown scalar
/// type" and "Expected false to be true" (c10::Scalar::toFloat); scalars held here cannot be collected mid-call. The
/// values and their types (integer or floating) are those the implicit conversions produced.
/// </remarks>
internal sealed class TrainingScalars(Gru4RecOptions options) : IDisposable
{
    public Scalar Zero { get; } = 0.ToScalar();

    public Scalar One { get; } = 1.ToScalar();

    public Scalar BatchSize { get; } = options.BatchSize.ToScalar();

    public Scalar DropoutEmbed { get; } = options.DropoutPEmbed.ToScalar();

    public Scalar KeepEmbed { get; } = (1 - options.DropoutPEmbed).ToScalar();

    public Scalar DropoutHidden { get; } = options.DropoutPHidden.ToScalar();

    public Scalar KeepHidden { get; } = (1 - options.DropoutPHidden).ToScalar();

    public Scalar LogQ { get; } = options.LogQ.ToScalar();

    public Scalar SampleAlpha { get; } = options.SampleAlpha.ToScalar();

    public Scalar EluParam { get; } = options.EluParam.ToScalar();

    /// <summary>1.0 as a floating scalar, the ELU's scales.</summary>
    public Scalar UnitScale { get; } = 1.0.ToScalar();

    public Scalar BprReg { get; } = options.BprReg.ToScalar();

    /// <summary>Keeps the BPR-max log away from zero.</summary>
    public Scalar BprFloor { get; } = 1e-24.ToScalar();

    public void Dispose()
    {
        foreach (var scalar in new[] { Zero, One, BatchSize, DropoutEmbed, KeepEmbed, DropoutHidden, KeepHidden, LogQ, SampleAlpha, EluParam, UnitScale, BprReg, BprFloor })
        {
            scalar.Dispose();
        }
    }
}
