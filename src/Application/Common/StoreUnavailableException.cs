namespace ActOnSync.Application.Common;

/// <summary>
/// The store cannot take or serve data right now (locked too long, disk full, file missing,
/// server down). Nothing was written; the caller should answer "try again later".
/// </summary>
public sealed class StoreUnavailableException(string message, Exception? inner = null)
    : Exception(message, inner);
