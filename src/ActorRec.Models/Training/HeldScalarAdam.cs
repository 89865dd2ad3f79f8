using ActorRec.Models.Gru4Rec;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Training;

/// <summary>
/// Adam (Kingma and Ba; no weight decay, no AMSGrad), the same update in the same order as TorchSharp's
/// <c>optim.Adam</c>: m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g²; p -= lr / (1 - b1^t) · m / (sqrt(v) / sqrt(1 - b2^t) + eps).
/// </summary>
/// <remarks>
/// TorchSharp's Adam passes its coefficients as Scalars converted from numbers at each call, which a garbage collection
/// started by another thread (a serving silo allocates all the time) can finalize while libtorch still reads them: a SQN
/// retraining on a serving silo failed so, with "Expected false to be true" from Scalar::toFloat in add_. Here every
/// Scalar is held by the optimizer, or by a local that lives until the step ends (see <see cref="IndexedAdagradM"/>).
/// </remarks>
internal sealed class HeldScalarAdam : IDisposable
{
    private readonly Tensor[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly double _learningRate;
    private readonly double _beta1;
    private readonly double _beta2;
    private readonly Scalar _beta1Scalar;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _beta2Scalar;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _epsilon;
    private long _steps;

    public HeldScalarAdam(IEnumerable<Tensor> parameters, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _parameters = [.. parameters];
        _firstMoments = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _secondMoments = [.. _parameters.Select(p => zeros_like(p).DetachFromDisposeScope())];
        _learningRate = learningRate;
        _beta1 = beta1;
        _beta2 = beta2;
        _beta1Scalar = beta1.ToScalar();
        _oneMinusBeta1 = (1 - beta1).ToScalar();
        _beta2Scalar = beta2.ToScalar();
        _oneMinusBeta2 = (1 - beta2).ToScalar();
        _epsilon = epsilon.ToScalar();
    }

    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var gradient = parameter.grad;
            gradient?.zero_();
        }
    }

    /// <summary>One update of every parameter that has a gradient.</summary>
    public void Step()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _steps++;
        var biasCorrection1 = 1 - Math.Pow(_beta1, _steps);
        var biasCorrection2 = 1 - Math.Pow(_beta2, _steps);
        using var secondScale = Math.Sqrt(biasCorrection2).ToScalar();
        using var negativeStepSize = (-_learningRate / biasCorrection1).ToScalar();
        for (var i = 0; i < _parameters.Length; i++)
        {
            var gradient = _parameters[i].grad;
            if (gradient is null)
            {
                continue;
            }

            _firstMoments[i].mul_(_beta1Scalar).add_(gradient, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2Scalar).addcmul_(gradient, gradient, _oneMinusBeta2);
            var denominator = _secondMoments[i].sqrt().div_(secondScale).add_(_epsilon, HeldScalars.One);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, negativeStepSize);
        }
    }

    public void Dispose()
    {
        foreach (var moment in _firstMoments.Concat(_secondMoments))
        {
            moment.Dispose();
        }

        foreach (var scalar in new[] { _beta1Scalar, _oneMinusBeta1, _beta2Scalar, _oneMinusBeta2, _epsilon })
        {
            scalar.Dispose();
        }
    }
}
