using static TorchSharp.torch;

namespace ActorRec.Models.Training;

/// <summary>
/// Adagrad with momentum as in the official GRU4Rec code: acc += g^2; mom = momentum * mom - lr * g / sqrt(acc + eps);
/// p += mom. Item matrices are updated only on the rows a minibatch touched (the official code gets this from sparse
/// gradients), which keeps a step's cost independent of the catalog size.
/// </summary>
internal sealed class IndexedAdagradM(double learningRate, double momentum, double epsilon = 1e-6) : IDisposable
{
    // Keyed by parameter name: TorchSharp hands out a new wrapper object for a parameter on every property access.
    private readonly Dictionary<string, (Tensor Acc, Tensor? Mom)> _state = new(StringComparer.Ordinal);

    /// <summary>Dense update of a parameter from its gradient.</summary>
    public void Step(string name, Tensor parameter, Tensor gradient)
    {
        using var noGrad = no_grad();
        var (acc, mom) = StateOf(name, parameter);
        acc.addcmul_(gradient, gradient, 1);
        using var denominator = acc.add(epsilon).sqrt_();
        if (mom is null)
        {
            parameter.addcdiv_(gradient, denominator, -learningRate);
        }
        else
        {
            mom.mul_(momentum).addcdiv_(gradient, denominator, -learningRate);
            parameter.add_(mom);
        }
    }

    /// <summary>Update of the given (unique) rows of a parameter from the gradient of those rows.</summary>
    public void StepRows(string name, Tensor parameter, Tensor rows, Tensor rowGradient)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (acc, mom) = StateOf(name, parameter);
        var accRows = acc.index_select(0, rows).addcmul_(rowGradient, rowGradient, 1);
        acc.index_copy_(0, rows, accRows);
        var step = rowGradient.div(accRows.add_(epsilon).sqrt_()).mul_(-learningRate);
        if (mom is not null)
        {
            step = mom.index_select(0, rows).mul_(momentum).add_(step);
            mom.index_copy_(0, rows, step);
        }

        parameter.index_add_(0, rows, step, 1);
    }

    public void Dispose()
    {
        foreach (var (acc, mom) in _state.Values)
        {
            acc.Dispose();
            mom?.Dispose();
        }

        _state.Clear();
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
