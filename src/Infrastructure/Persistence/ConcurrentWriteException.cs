using System.Data.Common;

namespace ActOnSync.Infrastructure.Persistence;

/// <summary>
/// Thrown by a store's work when another transaction wrote what this one was about to write
/// (e.g. another instance created the same row first): <see cref="Database.WriteAsync{T}"/>
/// rolls back and runs the work again, which then sees the other row.
/// </summary>
public sealed class ConcurrentWriteException(string message) : DbException(message);
