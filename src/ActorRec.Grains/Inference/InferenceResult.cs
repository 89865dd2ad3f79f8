namespace ActorRec.Grains.Inference;

/// <summary>The outcome of one session step.</summary>
/// <param name="Hidden">The new hidden state, all layers flattened in layer order (the given state when no item was fed).</param>
/// <param name="TopItems">Vocabulary indices of the best items, best first, excluded items left out.</param>
/// <param name="TopScores">Their scores, in the same order.</param>
/// <param name="ModelVersion">The version that ran the step, whose vocabulary <paramref name="TopItems"/> index.</param>
/// <param name="BatchSize">How many requests shared the model step.</param>
public sealed record InferenceResult(float[] Hidden, int[] TopItems, float[] TopScores, string ModelVersion, int BatchSize);
