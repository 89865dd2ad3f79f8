using TorchSharp;
using static TorchSharp.torch;

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
/// </remarks>
internal sealed class IndexedAdagradM(double learningRate, double momentum, double epsilon = 1e-6) : IDisposable
{
    // Keyed by parameter name: TorchSharp hands out a new wrapper object for a parameter on every property access.
    private readonly Dictionary<string, (Tensor Acc, Tensor? Mom)> _state = new(StringComparer.Ordinal);
    private readonly Scalar _one = 1.ToScalar();
    private readonly Scalar _epsilon = epsilon.ToScalar();
    private readonly Scalar _negativeLearningRate = (-learningRate).ToScalar();
    private readonly Scalar _momentum = momentum.ToScalar();

    /// <summary>Dense update of a parameter from its gradient.</summary>
    public void Step(string name, Tensor parameter, Tensor gradient)
    {
        using var noGrad = no_grad();
        var (acc, mom) = StateOf(name, parameter);
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

    /// <summary>Update of the given (unique) rows of a parameter from the gradient of those rows.</summary>
    public void StepRows(string name, Tensor parameter, Tensor rows, Tensor rowGradient)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (acc, mom) = StateOf(name, parameter);
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
