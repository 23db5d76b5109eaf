using DbUp.Builder;
using Microsoft.Extensions.Logging;

namespace ActOnSync.Infrastructure.Persistence;

/// <summary>Applies a provider's versioned scripts (<c>&lt;Provider&gt;/Migrations/*.sql</c>, embedded) with DbUp.</summary>
internal static class SchemaUpgrade
{
    /// <param name="provider">A type in the provider's namespace; its Migrations folder holds the scripts.</param>
    public static void Run(UpgradeEngineBuilder target, Type provider, ILogger logger)
    {
        var scripts = $"{provider.Namespace}.Migrations.";
        var result = target
            .WithScriptsEmbeddedInAssembly(provider.Assembly, name => name.StartsWith(scripts, StringComparison.Ordinal))
            .WithTransactionPerScript()
            .LogTo(new DbUpLog(logger))
            .Build()
            .PerformUpgrade();
        if (!result.Successful)
            throw new InvalidOperationException($"Migrating the database failed at {result.ErrorScript?.Name}: {result.Error?.Message}", result.Error);
    }
}
