using ActorRec.Models.Data;
using static TorchSharp.torch;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// Starts a new GRU session model (GRU4Rec, SQN or SMORL) from a trained one with a larger catalog: the old items keep
/// their indices and every learned weight, Q heads included, and the new items are appended with rows initialised the
/// way a fresh network initialises them.
/// </summary>
/// <remarks>
/// Right after extension the old items score exactly as before for any session made of old items: the GRU weights and
/// the old rows of Wy, By, E and the Q heads are copies, and a new item's row only adds a column to the scores. Training then
/// continues from there (<see cref="Gru4RecTrainer.Continue"/>), which is far cheaper than training from scratch and
/// keeps what the old model learned about items that are rare in the new data.
/// </remarks>
public static class WarmStart
{
    /// <summary>
    /// Returns a copy of <paramref name="source"/> whose vocabulary is the source's followed by <paramref name="newItemIds"/>,
    /// on the source's device, in training mode. <paramref name="seed"/> seeds the initialisation of the new rows.
    /// </summary>
    /// <exception cref="ArgumentException">A new id is already in the source vocabulary, or appears twice.</exception>
    public static Gru4RecModel Extend(Gru4RecModel source, IEnumerable<string> newItemIds, int seed)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(newItemIds);
        var vocabulary = new ItemVocabulary(source.Vocabulary.Ids);
        foreach (var id in newItemIds)
        {
            if (vocabulary.TryGetIndex(id, out _))
            {
                throw new ArgumentException($"Item '{id}' is already in the vocabulary (or listed twice).", nameof(newItemIds));
            }

            vocabulary.GetOrAdd(id);
        }

        // A fresh network of the new size, initialised as Gru4RecModel.Create would: the new rows then have the
        // distribution the official initialisation gives a catalog of this size, and every other row is overwritten.
        // The Q heads come along, or retraining a served SQN / SMORL model would lose what made it one.
        var options = source.Options with { Seed = seed };
        var target = Gru4RecModel.Create(vocabulary, options, source.Device, source.QLearning);
        try
        {
            CopyParameters(source.Network, target.Network, source.ItemCount);
            target.Name = source.Name;
            target.ServingHead = source.ServingHead;
            return target;
        }
        catch
        {
            target.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Copies every parameter of <paramref name="from"/> into <paramref name="to"/>: whole when the shapes agree (GRU
    /// cells), the first <paramref name="oldItems"/> rows when only the item dimension grew (Wy, By, E, Q.*).
    /// </summary>
    private static void CopyParameters(Gru4RecNetwork from, Gru4RecNetwork to, int oldItems)
    {
        using var noGrad = no_grad();
        var targets = to.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        foreach (var (name, parameter) in from.named_parameters())
        {
            if (!targets.TryGetValue(name, out var target))
            {
                throw new InvalidOperationException($"The extended network has no parameter '{name}'.");
            }

            if (target.shape.SequenceEqual(parameter.shape))
            {
                target.copy_(parameter);
            }
            else if (parameter.shape[0] == oldItems && target.shape.Skip(1).SequenceEqual(parameter.shape.Skip(1)))
            {
                using var rows = target.narrow(0, 0, oldItems);
                rows.copy_(parameter);
            }
            else
            {
                throw new InvalidOperationException(
                    $"Parameter '{name}' has shape [{string.Join(", ", parameter.shape)}] in the source and [{string.Join(", ", target.shape)}] in the extension.");
            }
        }
    }
}
