# SYNTAX TEST "source.python" "SQL inside op.execute / sa.text / text strings (syntaxes/alembic-sql-injection.tmLanguage.json)"
def upgrade() -> None:
    op.execute("UPDATE account SET status = 'active' WHERE status IS NULL")
#   ^^ meta.function-call.python - string
#     ^ punctuation.separator.period.python
#      ^^^^^^^ meta.function-call.python meta.function-call.generic.python
#             ^ punctuation.definition.arguments.begin.python
#              ^ string.quoted.single.python punctuation.definition.string.begin.python - meta.embedded.line.sql
#               ^^^^^^ string.quoted.single.python meta.embedded.line.sql keyword.other.DML.sql
#                                           ^^^^^^^^ meta.embedded.line.sql string.quoted.single.sql
#                                                    ^^^^^ meta.embedded.line.sql keyword.other.DML.sql
#                                                                        ^ string.quoted.single.python punctuation.definition.string.end.python - meta.embedded.line.sql
#                                                                         ^ meta.function-call.python punctuation.definition.arguments.end.python - string
    op.execute('DELETE FROM audit WHERE id = :audit_id')
#               ^^^^^^ string.quoted.single.python meta.embedded.line.sql keyword.other.DML.sql
#                                            ^ meta.embedded.line.sql punctuation.definition.variable.sql
#                                             ^^^^^^^^ meta.embedded.line.sql variable.parameter.bind.sql
    op.execute(
        """
#       ^^^ string.quoted.multi.python punctuation.definition.string.begin.python - string.quoted.docstring
        UPDATE account SET email = lower(email)
#       ^^^^^^ string.quoted.multi.python meta.embedded.block.sql keyword.other.DML.sql
        """
#       ^^^ string.quoted.multi.python punctuation.definition.string.end.python
    )
#   ^ meta.function-call.python punctuation.definition.arguments.end.python
    op.execute('''DELETE FROM t''')
#              ^^^ string.quoted.multi.python punctuation.definition.string.begin.python
#                 ^^^^^^ meta.embedded.block.sql keyword.other.DML.sql
    op.execute(sa.text("SELECT 1 FROM t WHERE x::int = :x").bindparams(x=1))
#              ^^ meta.function-call.python meta.function-call.arguments.python meta.function-call.python
#                 ^^^^ meta.function-call.generic.python
#                       ^^^^^^ meta.embedded.line.sql keyword.other.DML.sql
#                                              ^^ - variable.parameter.bind.sql
#                                                       ^ variable.parameter.bind.sql
#                                                           ^^^^^^^^^^ meta.function-call.generic.python - meta.embedded.line.sql
    conn.execute(text(f"UPDATE {table} SET a = '{value}' WHERE b = {{c}}"))
#                ^^^^ meta.function-call.generic.python
#                     ^ meta.fstring.python string.interpolated.python storage.type.string.python
#                       ^^^^^^ meta.embedded.line.sql keyword.other.DML.sql
#                              ^ constant.character.format.placeholder.other.python
#                               ^^^^^ meta.fstring.python - keyword
#                                              ^ string.quoted.single.sql punctuation.definition.string.begin.sql
#                                               ^ string.quoted.single.sql constant.character.format.placeholder.other.python
#                                                                  ^^ constant.character.escape.python
    batch_op.execute(r"UPDATE t SET path = '\d'")
#   ^^^^^^^^ meta.function-call.python
#                    ^ storage.type.string.python
#                      ^^^^^^ meta.embedded.line.sql keyword.other.DML.sql
    sa.Column("text", sa.Text(), server_default=sa.text("now()"))
#              ^^^^ string.quoted.single.python - meta.embedded.line.sql
#                                               ^^^^^^^ meta.function-call.python
#                                                        ^^^ meta.embedded.line.sql keyword.other.sql
    sqlalchemy.text("SELECT 2")
#                    ^^^^^^ meta.embedded.line.sql keyword.other.DML.sql
    x = "op.execute('SELECT 1')"  # op.execute("SELECT 1")
#                    ^^^^^^ string.quoted.single.python - meta.embedded.line.sql
#                                               ^^^^^^ comment.line.number-sign.python - meta.embedded.line.sql
    self.text("SELECT 3")
#              ^^^^^^ string.quoted.single.python - meta.embedded.line.sql
    context.execute("SELECT 4")
#                    ^^^^^^ string.quoted.single.python - meta.embedded.line.sql


def text(value):
#   ^^^^ meta.function.python entity.name.function.python - meta.function-call.python
    return value
