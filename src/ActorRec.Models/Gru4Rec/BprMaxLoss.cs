using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using TorchSharp;
using static TorchSharp.torch;
using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// GRU4Rec's BPR-max loss over a minibatch's score matrix (rows = sessions, columns = the in-batch targets followed by
/// the sampled negatives; row i's target is column i): softmax weights over the row's other columns, the negative log
/// of the weighted sigmoid of (target − negative), plus the weighted squared scores times the regularisation, all
/// after an optional ELU.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Autograd"/> builds it from tensor operations and lets autograd differentiate them: about fifteen
/// operations forward and twice that backward, each a full pass over the [rows, columns] matrix, which was a fifth of
/// a diginetica training step on one core.
/// </para>
/// <para>
/// <see cref="Fused"/> computes the same loss and its gradient with respect to the raw scores in closed form, row by
/// row while the row is in cache. With p the softmax weights (0 at the target), σ_j = sigmoid(t − s_j),
/// A = Σ p_j σ_j + floor and R = Σ p_j s_j², a row's loss is −log A + λR and
/// <list type="bullet">
/// <item>dL/ds_j = p_j (−σ_j² / A + λ s_j (s_j + 2) − (λR − (A − floor) / A)) for every column but the target's,</item>
/// <item>dL/dt = −(Σ p_j σ_j − Σ p_j σ_j²) / A for the target,</item>
/// </list>
/// each then times the ELU's slope at the raw score. The weights do not depend on the row maximum that keeps their
/// exponentials finite, so that maximum has no gradient.
/// </para>
/// </remarks>
internal static class BprMaxLoss
{
    /// <summary>Keeps the log away from zero, as the official code's 1e-24.</summary>
    public const float Floor = 1e-24f;

    /// <summary>The summed row losses as a differentiable tensor expression.</summary>
    public static Tensor Autograd(Tensor scores, TrainingScalars scalars, bool elu)
    {
        if (elu)
        {
            scores = scores.elu(scalars.EluParam, scalars.UnitScale, scalars.UnitScale);
        }

        var n = scores.shape[0];
        var offDiagonal = eye(n, scores.shape[1], dtype: scores.dtype, device: scores.device).neg_().add_(scalars.One, scalars.One);
        var masked = scores.mul(offDiagonal);
        var weights = masked.sub(masked.max(1, keepdim: true).values).exp_().mul(offDiagonal);
        weights = weights.div(weights.sum(1, keepdim: true));
        var target = scores.diagonal().unsqueeze(1);
        var ranking = target.sub(scores).sigmoid().mul(weights).sum(1).add(scalars.BprFloor, scalars.One).log().neg();
        var regulariser = scores.pow(HeldScalars.Two).mul(weights).sum(1).mul(scalars.BprReg);
        return ranking.add(regulariser, scalars.One).sum();
    }

    /// <summary>
    /// The summed row losses of a float32 CPU score matrix, and into a new tensor their gradient with respect to
    /// <paramref name="scores"/> times <paramref name="gradientScale"/>.
    /// </summary>
    /// <param name="scores">[rows, columns] raw scores, rows ≤ columns.</param>
    /// <param name="eluAlpha">The ELU's alpha; 0 for none.</param>
    /// <param name="regularisation">λ, the weight of the squared-score term.</param>
    /// <param name="gradientScale">Multiplies the gradient (the trainer's 1 / batch size).</param>
    public static (double Loss, Tensor Gradient) Fused(Tensor scores, float eluAlpha, float regularisation, float gradientScale)
    {
        if (scores.device_type != DeviceType.CPU || scores.dtype != ScalarType.Float32 || scores.dim() != 2)
        {
            throw new ArgumentException($"Needs a 2-D float32 CPU tensor, got {scores.dtype} {string.Join('x', scores.shape)} on {scores.device}.", nameof(scores));
        }

        var rows = (int)scores.shape[0];
        var columns = (int)scores.shape[1];
        if (rows > columns)
        {
            throw new ArgumentException($"Row i's target is column i: {rows} rows need at least as many columns, got {columns}.", nameof(scores));
        }

        using var input = scores.detach().contiguous();
        var gradient = empty_like(input);
        var x = MemoryMarshal.Cast<byte, float>(input.bytes);
        var d = MemoryMarshal.Cast<byte, float>(gradient.bytes);
        var buffer = new float[4 * columns];
        var s = buffer.AsSpan(0, columns);
        var slope = buffer.AsSpan(columns, columns);
        var p = buffer.AsSpan(2 * columns, columns);
        var sigmoid = buffer.AsSpan(3 * columns, columns);
        double loss = 0;
        for (var i = 0; i < rows; i++)
        {
            loss += Row(x.Slice(i * columns, columns), i, eluAlpha, regularisation, gradientScale, s, slope, p, sigmoid, d.Slice(i * columns, columns));
        }

        return (loss, gradient);
    }

    private static double Row(
        ReadOnlySpan<float> x, int target, float eluAlpha, float lambda, float scale,
        Span<float> s, Span<float> slope, Span<float> p, Span<float> sigmoid, Span<float> gradient)
    {
        // s = ELU(x); slope = its derivative times the gradient scale.
        if (eluAlpha > 0)
        {
            TensorPrimitives.Min(x, 0f, p);
            TensorPrimitives.Exp(p, p);
            Elu(x, p, eluAlpha, scale, s, slope);
        }
        else
        {
            x.CopyTo(s);
            slope.Fill(scale);
        }

        // Softmax weights over the other columns; the shift is the largest of them and 0, as the masked row's max.
        var t = s[target];
        s[target] = float.NegativeInfinity;
        var shift = MathF.Max(0, TensorPrimitives.Max(s));
        s[target] = t;
        TensorPrimitives.Subtract(s, shift, p);
        TensorPrimitives.Exp(p, p);
        p[target] = 0;
        TensorPrimitives.Divide(p, TensorPrimitives.Sum(p), p);

        // σ_j = sigmoid(t − s_j); A = Σ p σ + floor; R = Σ p s².
        TensorPrimitives.Subtract(t, s, sigmoid);
        TensorPrimitives.Sigmoid(sigmoid, sigmoid);
        var weighted = TensorPrimitives.Dot(p, sigmoid);
        var a = weighted + Floor;
        TensorPrimitives.Multiply(sigmoid, sigmoid, sigmoid);
        var weightedSquares = TensorPrimitives.Dot(p, sigmoid);
        TensorPrimitives.Multiply(s, s, gradient);
        var r = TensorPrimitives.Dot(p, gradient);

        // gradient_j = p_j (−σ_j² / A + λ s_j (s_j + 2) − mean), mean = Σ p_k dL/dp_k = λR − (A − floor) / A.
        var mean = lambda * r - weighted / a;
        TensorPrimitives.Add(s, 2f, gradient);
        TensorPrimitives.Multiply(gradient, s, gradient);
        TensorPrimitives.Multiply(gradient, lambda, gradient);
        TensorPrimitives.MultiplyAdd(sigmoid, -1f / a, gradient, gradient);
        TensorPrimitives.Subtract(gradient, mean, gradient);
        TensorPrimitives.Multiply(gradient, p, gradient);
        gradient[target] = -(weighted - weightedSquares) / a;
        TensorPrimitives.Multiply(gradient, slope, gradient);

        return -Math.Log(a) + lambda * r;
    }

    /// <summary>s = x &gt; 0 ? x : α(e − 1) and slope = x &gt; 0 ? scale : αe·scale, where e = exp(min(x, 0)).</summary>
    private static void Elu(ReadOnlySpan<float> x, ReadOnlySpan<float> e, float alpha, float scale, Span<float> s, Span<float> slope)
    {
        var j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var alphaV = Vector256.Create(alpha);
            var scaleV = Vector256.Create(scale);
            for (; j <= x.Length - Vector256<float>.Count; j += Vector256<float>.Count)
            {
                var xv = Vector256.Create(x.Slice(j));
                var ev = Vector256.Create(e.Slice(j));
                var positive = Vector256.GreaterThan(xv, Vector256<float>.Zero);
                Vector256.ConditionalSelect(positive, xv, alphaV * (ev - Vector256<float>.One)).CopyTo(s.Slice(j));
                Vector256.ConditionalSelect(positive, scaleV, alphaV * ev * scaleV).CopyTo(slope.Slice(j));
            }
        }

        for (; j < x.Length; j++)
        {
            var positive = x[j] > 0;
            s[j] = positive ? x[j] : alpha * (e[j] - 1);
            slope[j] = positive ? scale : alpha * e[j] * scale;
        }
    }
}
