namespace ActorRec.Models.Data;

/// <summary>Canonical event type names shared by readers, evaluation and serving.</summary>
public static class EventTypes
{
    public const string Click = "click";
    public const string Purchase = "purchase";

    /// <summary>Added to cart (OTTO "carts").</summary>
    public const string Cart = "cart";

    /// <summary>Followed / wish-listed (JData type 3).</summary>
    public const string Follow = "follow";

    /// <summary>Reviewed (JData type 4).</summary>
    public const string Comment = "comment";
}
