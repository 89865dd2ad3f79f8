namespace ActorRec.Models.Training;

/// <summary>
/// One minibatch of the session-parallel scheme: row r feeds <see cref="Inputs"/>[r] and predicts
/// <see cref="Targets"/>[r]. Before the step, rows are compacted by <see cref="KeptRows"/> (when sessions ran
/// out) and the rows in <see cref="ResetRows"/> start a new session, so their hidden state must be zeroed.
/// </summary>
/// <param name="Count">Active rows in this step.</param>
/// <param name="Inputs">Current item of each row; the array is reused between steps.</param>
/// <param name="Targets">Next item of each row; the array is reused between steps.</param>
/// <param name="KeptRows">Indices of the previous step's rows that continue, in order; null when all continue.</param>
/// <param name="ResetRows">Rows (after compaction) whose session starts at this step; empty when none.</param>
public readonly record struct SessionParallelStep(int Count, long[] Inputs, long[] Targets, long[]? KeptRows, long[] ResetRows);
