using ActorRec.Models.Scoring;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>The item table of the head a GRU model serves with, as <see cref="Gru4RecModel.Score"/> multiplies it.</summary>
internal static class ServingItemTable
{
    /// <summary>Wy and By for the supervised head; for Q, the heads' weights and biases summed with the scalarisation weights.</summary>
    public static ItemTable Export(Gru4RecModel model)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor weights, bias;
        if (model.ServingHead == ServingHead.Supervised)
        {
            weights = model.Network.OutputWeights;
            bias = model.Network.OutputBias;
        }
        else
        {
            // The same weighted sum ScoreQ multiplies by, formed in float64 so that the export adds no rounding of its own.
            var heads = model.Network.QHeads;
            var scales = model.QLearning!.HeadWeights;
            weights = zeros_like(heads[0].Weight, dtype: float64);
            bias = zeros_like(heads[0].Bias, dtype: float64);
            for (var i = 0; i < heads.Count; i++)
            {
                weights = weights.add(heads[i].Weight.to(float64).mul(scales[i]));
                bias = bias.add(heads[i].Bias.to(float64).mul(scales[i]));
            }
        }

        var dimension = (int)weights.shape[1];
        return new ItemTable(HostFloats(weights), HostFloats(bias), dimension);
    }

    private static float[] HostFloats(Tensor t) => t.detach().to(CPU).to(float32).contiguous().data<float>().ToArray();
}
