using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fulfillment.Workflows.EntityFrameworkCore.Migrations
{
    /// <inheritdoc />
    public partial class AddWorkflowSchedules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "WorkflowSchedules",
                columns: table => new
                {
                    WorkflowId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Cron = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NextDueAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowSchedules", x => x.WorkflowId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_WorkflowSchedules_NextDueAt",
                table: "WorkflowSchedules",
                column: "NextDueAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WorkflowSchedules");
        }
    }
}
