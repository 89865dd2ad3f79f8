namespace ActorRec.Models.Data;

/// <summary>Canonical event type names shared by readers, evaluation and serving.</summary>
public static class EventTypes
{
    public const string Click = "click";
    public const string Purchase = "purchase";
}
