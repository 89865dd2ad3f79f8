namespace ActorRec.Models.Data;

/// <summary>The size of a set of sessions.</summary>
/// <param name="Events">Events in all sessions.</param>
/// <param name="Sessions">Sessions.</param>
/// <param name="Items">Distinct items among the events.</param>
public readonly record struct DataCounts(long Events, int Sessions, int Items)
{
    public override string ToString() => $"{Events:N0} events, {Sessions:N0} sessions, {Items:N0} items";
}
