namespace ActorRec.Grains.Training;

/// <summary>A click log position the trainer can read its window from, and how many clicks it had counted before it.</summary>
/// <param name="Position">The log position; empty for the oldest retained click.</param>
/// <param name="ClicksBefore">Clicks the trainer had counted up to this position since its state was created.</param>
[GenerateSerializer]
[Alias("actorrec.LogMark")]
public sealed record LogMark(
    [property: Id(0)] string Position,
    [property: Id(1)] long ClicksBefore);
