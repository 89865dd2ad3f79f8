using ActorRec.Models.Data;

namespace ActorRec.Models.Training;

/// <summary>
/// The session-parallel mini-batch scheme of GRU4Rec: each of <c>batchSize</c> rows walks one session in
/// dataset (time) order; when a session runs out of targets the row takes the next session and its hidden
/// state is reset exactly then; when no sessions are left the row is dropped and the batch shrinks. No
/// padding. This reproduces the official iterator step for step, including which row gets which session.
/// Sessions with fewer than two events have no target and are skipped.
/// </summary>
public sealed class SessionParallelIterator(SessionDataset data, int batchSize)
{
    public IEnumerable<SessionParallelStep> Steps()
    {
        var offsets = data.SessionOffsets;
        var items = data.Items;
        int[] sessions = [.. Enumerable.Range(0, data.SessionCount).Where(s => data.SessionLength(s) >= 2)];
        var rows = Math.Min(batchSize, sessions.Length);
        var position = new int[rows];
        var end = new int[rows];
        var inputs = new long[rows];
        var targets = new long[rows];
        var next = 0;
        for (var r = 0; r < rows; r++, next++)
        {
            position[r] = offsets[sessions[next]];
            end[r] = offsets[sessions[next] + 1];
        }

        long[]? kept = null;
        long[] reset = [.. Enumerable.Range(0, rows).Select(r => (long)r)];
        var resetRows = new List<long>();
        var keptRows = new List<long>();
        while (rows > 0)
        {
            for (var r = 0; r < rows; r++)
            {
                inputs[r] = items[position[r]];
                targets[r] = items[position[r] + 1];
            }

            yield return new SessionParallelStep(rows, inputs, targets, kept, reset);

            // Rows whose session has no further target take the next sessions in row order; rows left
            // without a session are dropped, the others keeping their relative order.
            resetRows.Clear();
            keptRows.Clear();
            var write = 0;
            for (var r = 0; r < rows; r++)
            {
                position[r]++;
                if (end[r] - position[r] > 1)
                {
                    position[write] = position[r];
                    end[write] = end[r];
                }
                else if (next < sessions.Length)
                {
                    position[write] = offsets[sessions[next]];
                    end[write] = offsets[sessions[next] + 1];
                    next++;
                    resetRows.Add(write);
                }
                else
                {
                    continue;
                }

                keptRows.Add(r);
                write++;
            }

            kept = write < rows ? [.. keptRows] : null;
            reset = resetRows.Count > 0 ? [.. resetRows] : [];
            rows = write;
        }
    }
}
