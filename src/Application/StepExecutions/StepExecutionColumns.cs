namespace ActOnSync.Application.StepExecutions;

/// <summary>The column list the step-execution queries share, aliased to the DTOs' property names.</summary>
internal static class StepExecutionColumns
{
    public const string Summary = """
        id AS Id, message_id AS MessageId, rec_id AS RecId, step_id AS StepId, program_id AS ProgramId,
        program_name AS ProgramName, step_name AS StepName, executed_at AS ExecutedAtMs, received_at AS ReceivedAtMs
        """;
}
