namespace ActorRec.Abstractions;

/// <summary>Searches the item vocabulary of the model this silo serves; one local worker per silo (call it with key 0).</summary>
/// <remarks>
/// The vocabulary lives with the loaded model, on the silos only: the gateway tier, which holds no model, asks through
/// this grain. The implementation is a stateless worker, so a silo answers from its own loaded model.
/// </remarks>
[Alias("actorrec.ICatalogGrain")]
public interface ICatalogGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The items whose id contains <paramref name="query"/> (ignoring case; empty matches all), in vocabulary order,
    /// skipping <paramref name="offset"/> of them and returning at most <paramref name="limit"/>.
    /// </summary>
    [Alias("Search")]
    Task<CatalogPage> SearchAsync(string query, int offset, int limit);
}
