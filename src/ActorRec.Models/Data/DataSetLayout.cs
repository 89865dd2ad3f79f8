namespace ActorRec.Models.Data;

/// <summary>The file layouts of the known public data sets, recognised by their file names.</summary>
public enum DataSetLayout
{
    /// <summary>train.tsv / test.tsv: tab-separated <c>SessionId ItemId Time</c> (YOOCHOOSE, GRU4Rec format).</summary>
    GruTsv,

    /// <summary>train.csv / test.csv: <c>action_time,user_id,sku_id,type,sessionId,index</c> (JData 2019).</summary>
    JData,

    /// <summary>train_sessions.txt / test_sessions.txt: one session per line, order only (diginetica, retailrocket, tmall).</summary>
    SessionLines,

    /// <summary>sample_train-item-views.csv joined with train-purchases.csv (Diginetica, CIKM Cup 2016); no test split.</summary>
    DigineticaViews,

    /// <summary>train.jsonl (and test.jsonl when present): OTTO sessions.</summary>
    OttoJsonl,
}
