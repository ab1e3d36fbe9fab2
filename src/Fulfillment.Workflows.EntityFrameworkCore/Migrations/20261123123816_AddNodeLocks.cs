using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Fulfillment.Workflows.EntityFrameworkCore.Migrations
{
    /// <inheritdoc />
    public partial class AddNodeLocks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "LockedBy",
                table: "WorkflowInstances",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LockedUntil",
                table: "WorkflowInstances",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LockedBy",
                table: "OutboxMessages",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Node",
                table: "JournalEntries",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LockedBy",
                table: "Bookmarks",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "LockedUntil",
                table: "Bookmarks",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LockedBy",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "WorkflowInstances");

            migrationBuilder.DropColumn(
                name: "LockedBy",
                table: "OutboxMessages");

            migrationBuilder.DropColumn(
                name: "Node",
                table: "JournalEntries");

            migrationBuilder.DropColumn(
                name: "LockedBy",
                table: "Bookmarks");

            migrationBuilder.DropColumn(
                name: "LockedUntil",
                table: "Bookmarks");
        }
    }
}
