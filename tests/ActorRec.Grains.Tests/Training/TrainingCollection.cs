using Xunit;

namespace ActorRec.Grains.Tests.Training;

/// <summary>Trainer tests train real models: one at a time, so that two runs never share the cores.</summary>
[CollectionDefinition(Name)]
public sealed class TrainingCollection
{
    public const string Name = "training";
}
