using ActorRec.Models.Gru4Rec;
using Xunit;
using static TorchSharp.torch;

namespace ActorRec.Models.Tests.Gru4Rec;

/// <summary>
/// The closed-form BPR-max (loss and gradient in one pass per row) against autograd of the tensor formula it replaces
/// on the CPU training path.
/// </summary>
public sealed class BprMaxLossTests
{
    [Theory]
    [InlineData(1.0, 0.9, 1.0)]  // the diginetica preset: ELU 1, λ 0.9
    [InlineData(0.5, 0.0, 1.0)]
    [InlineData(0.0, 0.9, 1.0)]  // no ELU
    [InlineData(1.0, 0.9, 8.0)]  // large scores: the weights' shift and the sigmoid's saturation
    [InlineData(0.0, 0.1, 0.01)] // near-equal scores: weights almost uniform
    public void Loss_and_gradient_match_autograd_of_the_tensor_formula(double elu, double lambda, double spread)
    {
        using var scalars = new TrainingScalars(Gru4RecOptions.DigineticaBprMax with { EluParam = elu, BprReg = lambda });
        foreach (var (rows, columns, seed) in new[] { (1, 7, 2), (6, 6, 3), (9, 40, 4), (32, 300, 5) })
        {
            using var scope = NewDisposeScope();
            manual_seed(seed);
            var raw = randn(rows, columns).mul(spread);
            const float scale = 1f / 128;

            var reference = raw.clone().requires_grad_(true);
            var expectedLoss = BprMaxLoss.Autograd(reference, scalars, elu > 0);
            expectedLoss.mul(scale).backward();
            var expectedGradient = reference.grad!;

            var (loss, gradient) = BprMaxLoss.Fused(raw, (float)elu, (float)lambda, scale);

            var want = expectedLoss.item<float>();
            Assert.True(Math.Abs(loss - want) <= 1e-4 * Math.Max(1, Math.Abs(want)), $"{rows}x{columns}: loss {loss}, autograd {want}");
            // Tolerance relative to the largest gradient entry: float32 sums in another order.
            var largest = expectedGradient.abs().max().item<float>();
            var error = gradient.sub(expectedGradient).abs().max().item<float>();
            Assert.True(error <= 1e-4f * Math.Max(largest, 1e-6f), $"{rows}x{columns}: gradient off by {error}, largest entry {largest}");
            if (columns > 1)
            {
                Assert.True(largest > 1e-6f, $"{rows}x{columns}: the gradient is all zero, nothing was compared");
            }
        }
    }

    [Fact]
    public void Refuses_a_matrix_whose_rows_have_no_target_column()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => BprMaxLoss.Fused(zeros(3, 2), 1, 0.9f, 1));
        Assert.Contains("columns", error.Message, StringComparison.Ordinal);
    }
}
