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

        // Each step uses rows twice over, as a training step uses the item table for inputs and for candidates, with
        // repeats inside a use and across the two: a row's gradient is the sum of its uses.
        long[][][] steps =
        [
            [[0, 3, 7], [3, 3, 39]],
            [[3, 39], [1, 2]],
            [[1, 2, 3, 7, 20], [20, 7, 20, 0]],
            [[7], []],
        ];
        foreach (var uses in steps)
        {
            var gradients = uses.Select(rows => randn(rows.Length, 16)).ToArray();
            fast.StepRows("w", fused, uses.Select((rows, i) => (tensor(rows), gradients[i])).ToList());
            slow.StepRows("w", reference, uses.Select((rows, i) => (tensor(rows), gradients[i])).ToList());
        }

        AssertClose(fused, reference, start);
        var touched = steps.SelectMany(uses => uses.SelectMany(rows => rows)).ToHashSet();
        var untouched = tensor(Enumerable.Range(0, 40).Select(i => (long)i).Where(i => !touched.Contains(i)).ToArray());
        Assert.True(fused.index_select(0, untouched).eq(start.index_select(0, untouched)).all().item<bool>(), "a row no step touched changed");
    }

    [Fact]
    public void A_row_used_twice_takes_one_step_with_the_summed_gradient()
    {
        using var scope = NewDisposeScope();
        var twice = zeros(3, 2);
        var once = zeros(3, 2);
        using var a = new IndexedAdagradM(0.1, 0.0);
        using var b = new IndexedAdagradM(0.1, 0.0);
        a.StepRows("w", twice, [(tensor(new long[] { 1 }), tensor(new float[,] { { 1, 2 } })), (tensor(new long[] { 1 }), tensor(new float[,] { { 3, -1 } }))]);
        b.StepRows("w", once, [(tensor(new long[] { 1 }), tensor(new float[,] { { 4, 1 } }))]);
        Assert.True(twice.allclose(once), $"two uses of a row gave {twice.ToString(TorchSharp.TensorStringStyle.Julia)}, one use of their sum {once.ToString(TorchSharp.TensorStringStyle.Julia)}");
        Assert.True(twice[1].abs().min().item<float>() > 0.05f, "the used row did not move");
    }

    private static void AssertClose(Tensor fused, Tensor reference, Tensor start)
    {
        var error = fused.sub(reference).abs().max().item<float>();
        Assert.True(error <= 1e-5f, $"the in-place update differs from the tensor form by {error}");
        Assert.True(reference.sub(start).abs().max().item<float>() > 0.05f, "the parameters hardly moved: nothing was compared");
    }
}
