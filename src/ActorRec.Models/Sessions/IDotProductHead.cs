using ActorRec.Models.Scoring;
using static TorchSharp.torch;

namespace ActorRec.Models.Sessions;

/// <summary>
/// What a model whose serving scores are a dot product gives a scorer that does not use libtorch: a query vector per
/// session and the item table the head multiplies it with, so that <see cref="ISessionModel.ScoreAll"/> equals
/// <c>Queries(hidden) x table.Weights^T + table.Bias</c>. Obtained from a model with <see cref="DotProductHeads.Find"/>.
/// </summary>
public interface IDotProductHead
{
    /// <summary>Length of one query row, the table's <see cref="ItemTable.Dimension"/>.</summary>
    int QueryDimension { get; }

    /// <summary>The query rows [rows, <see cref="QueryDimension"/>] for flattened hidden states [rows, HiddenSize], in the caller's dispose scope.</summary>
    Tensor Queries(Tensor hidden);

    /// <summary>
    /// A host copy of the serving head's item weights and bias as they are now; a model still being trained must be
    /// exported again after its weights change.
    /// </summary>
    ItemTable ExportItemTable();
}
