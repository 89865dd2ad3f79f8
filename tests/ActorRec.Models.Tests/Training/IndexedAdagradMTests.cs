using ActorRec.Models.Training;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Training;

/// <summary>The in-place CPU update of Adagrad with momentum against its tensor form: the same parameters and state.</summary>
public sealed class IndexedAdagradMTests
{
    [Theory]
    [InlineData(0.15)]
    [InlineData(0.0)]
    public void Dense_steps_match_the_tensor_form(double momentum)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        // 5,000 elements: more than one cache-sized piece.
        var start = randn(50, 100);
        var fused = start.clone();
        var reference = start.clone();
        using var fast = new IndexedAdagradM(0.05, momentum);
        using var slow = new IndexedAdagradM(0.05, momentum, fused: false);
        for (var step = 0; step < 5; step++)
        {
            var gradient = randn(50, 100);
            fast.Step("w", fused, gradient);
            slow.Step("w", reference, gradient);
        }

        AssertClose(fused, reference, start);
    }

    [Theory]
    [InlineData(0.15)]
    [InlineData(0.0)]
    public void Row_steps_match_the_tensor_form_and_leave_other_rows_alone(double momentum)
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var start = randn(40, 16);
        var fused = start.clone();
        var reference = start.clone();
        using var fast = new IndexedAdagradM(0.2, momentum);
        using var slow = new IndexedAdagradM(0.2, momentum, fused: false);
        long[][] touched = [[0, 3, 7], [3, 39], [1, 2, 3, 7, 20], [7]];
        foreach (var rows in touched)
        {
            var index = tensor(rows);
            var gradient = randn(rows.Length, 16);
            fast.StepRows("w", fused, index, gradient);
            slow.StepRows("w", reference, index, gradient);
        }

        AssertClose(fused, reference, start);
        var untouched = tensor(Enumerable.Range(0, 40).Select(i => (long)i).Except(touched.SelectMany(r => r)).ToArray());
        Assert.True(fused.index_select(0, untouched).eq(start.index_select(0, untouched)).all().item<bool>(), "a row no step touched changed");
    }

    private static void AssertClose(Tensor fused, Tensor reference, Tensor start)
    {
        var error = fused.sub(reference).abs().max().item<float>();
        Assert.True(error <= 1e-5f, $"the in-place update differs from the tensor form by {error}");
        Assert.True(reference.sub(start).abs().max().item<float>() > 0.05f, "the parameters hardly moved: nothing was compared");
    }
}
