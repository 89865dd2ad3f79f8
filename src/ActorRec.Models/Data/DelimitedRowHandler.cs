namespace ActorRec.Models.Data;

/// <summary>Receives one non-blank row of a delimited text (see <see cref="DelimitedRows"/>).</summary>
internal delegate void DelimitedRowHandler(DelimitedRow row);
