namespace ActOnSync.Infrastructure.Persistence;

/// <summary>Brings the configured database to the latest schema version.</summary>
public interface IDatabaseMigrator
{
    void Migrate();
}
