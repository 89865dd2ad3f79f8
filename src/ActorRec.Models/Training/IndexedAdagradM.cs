using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace ActorRec.Models.Training;

/// <summary>
/// Adagrad with momentum as in the official GRU4Rec code: acc += g^2; mom = momentum * mom - lr * g / sqrt(acc + eps);
/// p += mom. Item matrices are updated only on the rows a minibatch touched (the official code gets this from sparse
/// gradients), which keeps a step's cost independent of the catalog size.
/// </summary>
/// <remarks>
/// Every scalar argument is a <see cref="Scalar"/> this optimizer holds: TorchSharp frees a Scalar in its finalizer, and
/// one converted implicitly from a number is garbage as soon as its handle has been read, so a garbage collection
/// started by another thread (a serving silo allocates all the time) can free it while libtorch still reads it. That
/// failed retraining runs under load with "Unknown scalar type" and "Expected false to be true" from Scalar::toFloat.
/// <para>
/// On the CPU the update runs over the parameter's, the state's and the gradient's memory in place, in one pass per
/// row: the tensor form gathers the state rows, makes a temporary per operation and scatters the
/// rows back, about a tenth of a diginetica training step. Both forms compute the same expressions in the same order,
/// up to the last bit (libtorch's addcmul may fuse the multiply-add that is rounded twice here); <paramref name="fused"/>
/// false keeps the tensor form (tests compare the two).
/// </para>
/// </remarks>
internal sealed class IndexedAdagradM(double learningRate, double momentum, double epsilon = 1e-6, bool fused = true) : IDisposable
{
    // Keyed by parameter name: TorchSharp hands out a new wrapper object for a parameter on every property access.
    private readonly Dictionary<string, (Tensor Acc, Tensor? Mom)> _state = new(StringComparer.Ordinal);
    private readonly Scalar _one = 1.ToScalar();
    private readonly Scalar _epsilon = epsilon.ToScalar();
    private readonly Scalar _negativeLearningRate = (-learningRate).ToScalar();
    private readonly Scalar _momentum = momentum.ToScalar();
    private float[] _rowSum = [];
    private long[] _keys = [];
    private int[] _sources = [];

    /// <summary>Dense update of a parameter from its gradient.</summary>
    public void Step(string name, Tensor parameter, Tensor gradient)
    {
        using var noGrad = no_grad();
        var (acc, mom) = StateOf(name, parameter);
        if (CanFuse(parameter, acc, mom, gradient))
        {
            Update(Floats(parameter), Floats(acc), mom is null ? default : Floats(mom), Floats(gradient));
            return;
        }

        acc.addcmul_(gradient, gradient, _one);
        using var denominator = acc.add(_epsilon, _one).sqrt_();
        if (mom is null)
        {
            parameter.addcdiv_(gradient, denominator, _negativeLearningRate);
        }
        else
        {
            mom.mul_(_momentum).addcdiv_(gradient, denominator, _negativeLearningRate);
            parameter.add_(mom, _one);
        }
    }

    /// <summary>
    /// Update of the rows a minibatch used, from the gradient of each use: <paramref name="uses"/> pairs row indices
    /// (repeats allowed, within and across uses) with the gradient of those rows, one gradient row per index. A row's
    /// gradient is the sum over its uses, in the order given; rows not named keep their values and state.
    /// </summary>
    public void StepRows(string name, Tensor parameter, IReadOnlyList<(Tensor Rows, Tensor Gradient)> uses)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (acc, mom) = StateOf(name, parameter);
        var gradients = uses.Select(u => u.Gradient.contiguous()).ToArray();
        var indices = uses.Select(u => u.Rows.contiguous()).ToArray();
        var rowWidth = parameter.numel() / parameter.shape[0];
        for (var use = 0; use < uses.Count; use++)
        {
            if (gradients[use].numel() != indices[use].numel() * rowWidth)
            {
                throw new ArgumentException($"Use {use} of {name} names {indices[use].numel()} rows of {rowWidth} but has a gradient of {gradients[use].numel()} values.", nameof(uses));
            }
        }

        // The in-place form packs (use, row of the use) into an int: fewer than 128 uses of fewer than 2^24 rows each.
        if (uses.Count < 128 && indices.All(r => r.numel() < (1 << 24) && r.dtype == ScalarType.Int64 && r.device_type == DeviceType.CPU)
            && gradients.All(g => CanFuse(parameter, acc, mom, g)))
        {
            StepRowsInPlace(parameter, acc, mom, indices, gradients);
            return;
        }

        // Tensor form: sum each row's gradients, then update the unique rows.
        var width = parameter.shape[1];
        var all = cat(indices);
        var (rows, inverse, _) = all.unique(sorted: true, return_inverse: true);
        var rowGradient = zeros(rows.shape[0], width, dtype: parameter.dtype, device: parameter.device)
            .index_add_(0, inverse!, cat(gradients.Select(g => g.reshape(-1, width)).ToArray()), _one);
        var accRows = acc.index_select(0, rows).addcmul_(rowGradient, rowGradient, _one);
        acc.index_copy_(0, rows, accRows);
        var step = rowGradient.div(accRows.add_(_epsilon, _one).sqrt_()).mul_(_negativeLearningRate);
        if (mom is not null)
        {
            step = mom.index_select(0, rows).mul_(_momentum).add_(step, _one);
            mom.index_copy_(0, rows, step);
        }

        parameter.index_add_(0, rows, step, _one);
    }

    public void Dispose()
    {
        foreach (var (acc, mom) in _state.Values)
        {
            acc.Dispose();
            mom?.Dispose();
        }

        _state.Clear();
        _one.Dispose();
        _epsilon.Dispose();
        _negativeLearningRate.Dispose();
        _momentum.Dispose();
    }

    /// <summary>
    /// Sorts the uses' rows (a row's uses stay in the order given), sums each row's gradient rows where it was used
    /// more than once, and updates each row once.
    /// </summary>
    private unsafe void StepRowsInPlace(Tensor parameter, Tensor acc, Tensor? mom, Tensor[] indices, Tensor[] gradients)
    {
        var width = (int)(parameter.numel() / parameter.shape[0]);
        var total = indices.Sum(r => (int)r.numel());
        if (_keys.Length < total)
        {
            _keys = new long[total];
            _sources = new int[total];
        }

        // A use's gradient rows stay where libtorch put them for the whole update: one address per use, not a lookup per row.
        var gradientRows = new float*[gradients.Length];
        var at = 0;
        for (var use = 0; use < indices.Length; use++)
        {
            fixed (byte* data = gradients[use].bytes)
            {
                gradientRows[use] = (float*)data;
            }

            var rows = MemoryMarshal.Cast<byte, long>(indices[use].bytes);
            for (var k = 0; k < rows.Length; k++, at++)
            {
                // Unique keys sort stably: by row, then by position among all uses.
                _keys[at] = (rows[k] * total) + at;
                _sources[at] = (use << 24) | k;
            }
        }

        var keys = _keys.AsSpan(0, total);
        var sources = _sources.AsSpan(0, total);
        keys.Sort(sources);
        var weights = Floats(parameter);
        var accumulators = Floats(acc);
        var momenta = mom is null ? default : Floats(mom);
        if (_rowSum.Length < width)
        {
            _rowSum = new float[width];
        }

        var sum = _rowSum.AsSpan(0, width);
        for (var i = 0; i < total;)
        {
            var row = keys[i] / total;
            ReadOnlySpan<float> gradient = GradientRow(gradientRows, sources[i], width);
            var end = i + 1;
            if (end < total && keys[end] / total == row)
            {
                gradient.CopyTo(sum);
                for (; end < total && keys[end] / total == row; end++)
                {
                    TensorPrimitives.Add(sum, GradientRow(gradientRows, sources[end], width), sum);
                }

                gradient = sum;
            }

            var start = checked((int)row * width);
            Update(
                weights.Slice(start, width),
                accumulators.Slice(start, width),
                momenta.IsEmpty ? default : momenta.Slice(start, width),
                gradient);
            i = end;
        }
    }

    /// <summary>Row k of use u's gradient, for a source packed as (u &lt;&lt; 24) | k.</summary>
    private static unsafe ReadOnlySpan<float> GradientRow(float*[] gradientRows, int source, int width) =>
        new(gradientRows[source >> 24] + ((long)(source & 0xFFFFFF) * width), width);

    /// <summary>Whether every tensor is a contiguous float32 CPU tensor whose memory one span can cover.</summary>
    private bool CanFuse(Tensor parameter, Tensor acc, Tensor? mom, Tensor gradient) =>
        fused && new[] { parameter, acc, mom ?? acc, gradient }.All(t =>
            t.device_type == DeviceType.CPU && t.dtype == ScalarType.Float32 && t.is_contiguous() && t.numel() * sizeof(float) <= int.MaxValue);

    private static Span<float> Floats(Tensor t) => MemoryMarshal.Cast<byte, float>(t.bytes);

    /// <summary>acc += g²; step = g / sqrt(acc + eps) * -lr; mom = mom * momentum + step (when momentum is on); p += mom (or step), in one pass.</summary>
    private void Update(Span<float> weights, Span<float> acc, Span<float> mom, ReadOnlySpan<float> gradient)
    {
        var rate = (float)-learningRate;
        var eps = (float)epsilon;
        var decay = (float)momentum;
        var withMomentum = !mom.IsEmpty;
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var rateV = Vector256.Create(rate);
            var epsV = Vector256.Create(eps);
            var decayV = Vector256.Create(decay);
            for (; j <= weights.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var g = Vector256.Create(gradient.Slice(j));
                var a = Vector256.Create(acc.Slice(j)) + (g * g);
                a.CopyTo(acc.Slice(j));
                var step = g / Vector256.Sqrt(a + epsV) * rateV;
                if (withMomentum)
                {
                    step = (Vector256.Create(mom.Slice(j)) * decayV) + step;
                    step.CopyTo(mom.Slice(j));
                }

                (Vector256.Create(weights.Slice(j)) + step).CopyTo(weights.Slice(j));
            }
        }

        for (; j < weights.Length; j++)
        {
            var g = gradient[j];
            var a = acc[j] + (g * g);
            acc[j] = a;
            var step = g / MathF.Sqrt(a + eps) * rate;
            if (withMomentum)
            {
                step = (mom[j] * decay) + step;
                mom[j] = step;
            }

            weights[j] += step;
        }
    }

    private (Tensor Acc, Tensor? Mom) StateOf(string name, Tensor parameter)
    {
        if (!_state.TryGetValue(name, out var state))
        {
            state = (zeros_like(parameter).DetachFromDisposeScope(), momentum > 0 ? zeros_like(parameter).DetachFromDisposeScope() : null);
            _state.Add(name, state);
        }

        return state;
    }
}
