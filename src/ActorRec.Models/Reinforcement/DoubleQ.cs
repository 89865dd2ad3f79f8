using ActorRec.Models.Gru4Rec;
using TorchSharp;
using static TorchSharp.torch;

namespace ActorRec.Models.Reinforcement;

/// <summary>The pieces of a double Q-learning step that tests check on their own: the unroll and the TD targets.</summary>
internal static class DoubleQ
{
    /// <summary>Runs the GRU over a time-major [steps, sessions] batch from zero states; returns every step's last-layer state, [steps * sessions, hidden].</summary>
    public static Tensor Unroll(Gru4RecNetwork network, Tensor inputs)
    {
        var steps = (int)inputs.shape[0];
        var hidden = network.NewHidden(inputs.shape[1], inputs.device);
        var outputs = new Tensor[steps];
        for (var t = 0; t < steps; t++)
        {
            outputs[t] = network.HiddenStep(network.Embed(inputs[t]), hidden);
        }

        return stack(outputs).view(steps * inputs.shape[1], -1);
    }

    /// <summary>
    /// target_k = r_k + gamma * notDone * Q_other,k(s')[a*] with a* = argmax_a sum_j w_j Q_main,j(s', a), where s' is the
    /// state after the action's own step (<see cref="TransitionBatch.NextRows"/>) in each network's own unroll.
    /// </summary>
    public static Tensor[] Targets(
        QLearningOptions options,
        QRewards rewards,
        TransitionBatch batch,
        Gru4RecModel main,
        Gru4RecModel other,
        Tensor mainStates,
        Tensor otherStates,
        Tensor top1)
    {
        using var noGrad = no_grad();
        var device = mainStates.device;
        var nextRows = tensor(batch.NextRows, device: device);
        var best = main.ScoreQ(mainStates.detach().index_select(0, nextRows)).argmax(1);
        var nextOther = otherStates.index_select(0, nextRows);
        var notDone = tensor(batch.NotDone, device: device);
        var targets = new Tensor[options.Objectives.Length];

        // Held for the calls: TorchSharp frees a Scalar converted at the call in its finalizer, which may run mid-call.
        using var gamma = options.Gamma.ToScalar();
        for (var k = 0; k < targets.Length; k++)
        {
            var bootstrap = other.Network.QHeads[k].ScorePairs(nextOther, best);
            targets[k] = rewards.For(options.Objectives[k], batch, top1).add(bootstrap.mul(notDone).mul(gamma), HeldScalars.One);
        }

        return targets;
    }
}
