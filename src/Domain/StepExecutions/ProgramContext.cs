namespace ActOnSync.Domain.StepExecutions;

/// <summary>
/// The program and step context Act-On sends beside the contact fields.
/// Every member is optional: Act-On documents no full field table for this event.
/// </summary>
public sealed record ProgramContext(
    string? ProgramId = null,
    string? ProgramName = null,
    string? StepName = null,
    string? Description = null,
    string? ExternalId = null,
    string? CrmLink = null,
    string? AutomatedProgramLink = null,
    string? ContactReportLink = null);
