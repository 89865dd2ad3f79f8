namespace ActorRec.Grains.Serving;

/// <summary>Where the batching engine gets its model from: the <see cref="ModelHost"/>, or a test double that holds a batch.</summary>
internal interface IModelSource
{
    LoadedModel? Current { get; }

    ModelLease Acquire();
}
