using System.Globalization;
using System.Text.Json;

namespace ActOnSync.Application.Sync;

/// <summary>
/// Reads an Act-On field of a claimed job by name, for the field mapping: the context fields
/// (matched case-insensitively, as in the payload) first, then the contact fields (exact name).
/// </summary>
public sealed class StepExecutionFields
{
    private readonly Dictionary<string, string?> _context;
    private readonly Dictionary<string, string?> _contact = new(StringComparer.Ordinal);

    public StepExecutionFields(ClaimedJob job)
    {
        var c = job.Context;
        _context = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["recId"] = job.RecId,
            ["stepId"] = job.StepId,
            ["programId"] = c.ProgramId,
            ["name"] = c.ProgramName,
            ["stepName"] = c.StepName,
            ["description"] = c.Description,
            ["externalId"] = c.ExternalId,
            ["crmLink"] = c.CrmLink,
            ["automatedProgramLink"] = c.AutomatedProgramLink,
            ["contactReportLink"] = c.ContactReportLink,
            ["timestamp"] = job.ExecutedAt?.ToString("O", CultureInfo.InvariantCulture),
        };
        using var document = JsonDocument.Parse(job.ContactFieldsJson);
        foreach (var property in document.RootElement.EnumerateObject())
            _contact[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.GetRawText(),
            };
    }

    public string? Lookup(string name) =>
        _context.TryGetValue(name, out var value) ? value : _contact.GetValueOrDefault(name);

    /// <summary>The activity that tells the CRM user which program and step sent this contact.</summary>
    public static SyncActivity ActivityFor(ClaimedJob job)
    {
        var c = job.Context;
        var program = c.ProgramName ?? c.ProgramId ?? "an Automated Program";
        var step = c.StepName ?? $"step {job.StepId}";
        var lines = new List<string>
        {
            $"Act-On contact {job.RecId} reached '{step}' (step {job.StepId}) of '{program}'" +
            (c.ProgramId is null ? "." : $" (program {c.ProgramId})."),
        };
        if (c.AutomatedProgramLink is { Length: > 0 } programLink) lines.Add($"Program: {programLink}");
        if (c.ContactReportLink is { Length: > 0 } reportLink) lines.Add($"Contact report: {reportLink}");
        return new SyncActivity($"Act-On: {program} – {step}", string.Join('\n', lines), job.ExecutedAt ?? job.ReceivedAt,
            c.ProgramId, c.ProgramName, job.StepId, c.StepName, c.AutomatedProgramLink, c.ContactReportLink);
    }
}
