namespace ActorRec.Models.Data;

/// <summary>Training and test sessions sharing one item vocabulary and one event type list, ready for training and evaluation.</summary>
public sealed class PreparedData(SessionDataset train, SessionDataset test, PreprocessStatistics statistics)
{
    public SessionDataset Train { get; } = train;

    public SessionDataset Test { get; } = test;

    public ItemVocabulary Vocabulary => Train.Vocabulary;

    public PreprocessStatistics Statistics { get; } = statistics;

    /// <summary>SHA-256 (hex) of the vocabulary and dense content, for checkpoint manifests (see <see cref="DataFingerprint"/>).</summary>
    public string Fingerprint() => DataFingerprint.Compute(Train, Test);
}
