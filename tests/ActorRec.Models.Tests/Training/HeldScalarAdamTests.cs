using ActorRec.Models.Training;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Training;

/// <summary>The held-scalar Adam takes TorchSharp's Adam steps: the same parameters after several updates.</summary>
public sealed class HeldScalarAdamTests
{
    [Fact]
    public void Its_steps_match_torchsharps_adam()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var x = randn(16, 5);
        var y = randn(16, 3);
        var init = randn(5, 3);
        var ours = new Parameter(init.clone());
        var theirs = new Parameter(init.clone());
        using var held = new HeldScalarAdam([ours], learningRate: 0.05);
        using var reference = optim.Adam([theirs], lr: 0.05);

        for (var step = 0; step < 6; step++)
        {
            held.ZeroGrad();
            x.matmul(ours).sub(y).square().mean().backward();
            held.Step();

            reference.zero_grad();
            x.matmul(theirs).sub(y).square().mean().backward();
            reference.step();
        }

        // The same operations in the same order: equal up to rounding, and both moved far from the start.
        Assert.True(ours.detach().allclose(theirs.detach(), rtol: 1e-5, atol: 1e-6), "the parameters differ after six steps");
        Assert.True(ours.detach().sub(init).abs().max().item<float>() > 0.1f, "the parameters hardly moved");
    }
}
