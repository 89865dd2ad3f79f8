using static TorchSharp.torch;

namespace ActorRec.Models.Training;

/// <summary>
/// Draws the extra negatives shared by a minibatch, with probability proportional to support^alpha.
/// Like the official sample cache, samples are drawn in large blocks to keep per-step overhead low.
/// </summary>
internal sealed class NegativeSampler : IDisposable
{
    private readonly Tensor _cdf;
    private readonly int _count;
    private readonly int _blockRows;
    private readonly Generator _generator;

    // Held, not converted at the call: TorchSharp frees a Scalar in its finalizer, which may run mid-call.
    private readonly TorchSharp.Scalar _lastIndex;
    private Tensor? _block;
    private int _next;

    public NegativeSampler(long[] support, double alpha, int count, int cacheSize, Generator generator, Device device)
    {
        var weights = support.Select(s => Math.Pow(s, alpha)).ToArray();
        var total = weights.Sum();
        var cdf = new float[weights.Length];
        var running = 0.0;
        for (var i = 0; i < weights.Length; i++)
        {
            running += weights[i];
            cdf[i] = (float)(running / total);
        }

        cdf[^1] = 1f;
        _cdf = tensor(cdf, device: device);
        _lastIndex = TorchSharp.ScalarExtensionMethods.ToScalar(cdf.LongLength - 1);
        _count = count;
        _blockRows = Math.Max(1, cacheSize / count);
        _generator = generator;
    }

    /// <summary>The next <c>count</c> negatives as an int64 tensor owned by the current dispose scope.</summary>
    public Tensor Next()
    {
        if (_block is null || _next >= _blockRows)
        {
            _block?.Dispose();
            using var scope = NewDisposeScope();
            using var uniform = rand([_blockRows * (long)_count], dtype: float32, device: _cdf.device, generator: _generator);
            _block = searchsorted(_cdf, uniform, right: true).clamp_max_(_lastIndex).view(_blockRows, _count).DetachFromDisposeScope();
            _next = 0;
        }

        return _block[_next++];
    }

    public void Dispose()
    {
        _block?.Dispose();
        _cdf.Dispose();
        _lastIndex.Dispose();
    }
}
