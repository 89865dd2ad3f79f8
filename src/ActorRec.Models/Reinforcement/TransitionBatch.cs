using ActorRec.Models.Data;

namespace ActorRec.Models.Reinforcement;

/// <summary>
/// A minibatch of whole sessions, time-major and padded at the end, with one transition per event that has a successor:
/// state = the GRU state after event t, action = item t + 1, reward = its event type's, next state = the state after
/// event t + 1 (the action's own step), terminal when t + 1 is the session's last event.
/// </summary>
/// <remarks>Rows index the flattened [steps, sessions] grid of GRU outputs: row = t * Sessions + b.</remarks>
internal sealed class TransitionBatch
{
    private TransitionBatch(int steps, int sessions, long[] inputs, long[] stateRows, long[] nextRows, long[] actions, long[] lastItems, float[] rewards, float[] notDone)
    {
        Steps = steps;
        Sessions = sessions;
        Inputs = inputs;
        StateRows = stateRows;
        NextRows = nextRows;
        Actions = actions;
        LastItems = lastItems;
        Rewards = rewards;
        NotDone = notDone;
    }

    /// <summary>Time steps: the longest session's (capped) length.</summary>
    public int Steps { get; }

    public int Sessions { get; }

    /// <summary>Item of every (t, b) cell, [Steps * Sessions]; cells past a session's end hold item 0 and are never read.</summary>
    public long[] Inputs { get; }

    public long[] StateRows { get; }

    public long[] NextRows { get; }

    public long[] Actions { get; }

    /// <summary>The item of the state's own event: the "last item" that SMORL's diversity reward compares against.</summary>
    public long[] LastItems { get; }

    public float[] Rewards { get; }

    /// <summary>0 for a transition into the session's last state (no bootstrap), else 1.</summary>
    public float[] NotDone { get; }

    public int Transitions => Actions.Length;

    /// <summary>Builds the batch of <paramref name="sessions"/> (indices into <paramref name="data"/>), each cut to <paramref name="maxLength"/> events.</summary>
    public static TransitionBatch Build(SessionDataset data, IReadOnlyList<int> sessions, int maxLength, float[] rewardByType)
    {
        var lengths = sessions.Select(s => Math.Min(data.SessionLength(s), maxLength)).ToArray();
        var steps = lengths.Max();
        var width = sessions.Count;
        var inputs = new long[steps * width];
        var transitions = lengths.Sum(l => Math.Max(l - 1, 0));
        var stateRows = new long[transitions];
        var nextRows = new long[transitions];
        var actions = new long[transitions];
        var lastItems = new long[transitions];
        var rewards = new float[transitions];
        var notDone = new float[transitions];
        var n = 0;
        for (var b = 0; b < width; b++)
        {
            var start = data.SessionOffsets[sessions[b]];
            var length = lengths[b];
            for (var t = 0; t < length; t++)
            {
                inputs[(t * width) + b] = data.Items[start + t];
            }

            for (var t = 0; t + 1 < length; t++)
            {
                stateRows[n] = (t * width) + b;
                nextRows[n] = ((t + 1) * width) + b;
                actions[n] = data.Items[start + t + 1];
                lastItems[n] = data.Items[start + t];
                rewards[n] = rewardByType[data.EventTypes[start + t + 1]];
                notDone[n] = t + 2 < length ? 1f : 0f;
                n++;
            }
        }

        return new TransitionBatch(steps, width, inputs, stateRows, nextRows, actions, lastItems, rewards, notDone);
    }
}
