## SYNTAX TEST "source.alembic-mako" "Alembic's script.py.mako templates (syntaxes/alembic-mako.tmLanguage.json)"
<%!
## <- meta.embedded.block.mako punctuation.section.embedded.begin.mako
##^ meta.embedded.block.mako storage.modifier.module-level.mako
import re
## <------ meta.embedded.block.mako source.python keyword.control.import.python

%>"""${message}
## <-- meta.embedded.block.mako punctuation.section.embedded.end.mako
##^^^ string.quoted.multi.python punctuation.definition.string.begin.python - meta.embedded.block.mako
##   ^^ string.quoted.multi.python meta.embedded.expression.mako punctuation.section.embedded.begin.mako
##     ^^^^^^^ string.quoted.multi.python meta.embedded.expression.mako source.python - punctuation
##            ^ meta.embedded.expression.mako punctuation.section.embedded.end.mako

Revision ID: ${up_revision}
## <-------- string.quoted.multi.python - meta.embedded
##             ^^^^^^^^^^^ string.quoted.multi.python meta.embedded.expression.mako source.python
Revises: ${down_revision | comma,n}
##         ^^^^^^^^^^^^^ meta.embedded.expression.mako source.python - keyword
##                       ^ meta.embedded.expression.mako keyword.operator.filter.mako
##                         ^^^^^^^ meta.embedded.expression.mako support.function.filter.mako
##                                ^ meta.embedded.expression.mako punctuation.section.embedded.end.mako - string.quoted.double
Create Date: ${create_date}

"""
## <--- string.quoted.multi.python punctuation.definition.string.end.python
from alembic import op
## <---- keyword.control.import.python - meta.embedded
import sqlalchemy as sa
${imports if imports else ""}
## <-- meta.embedded.expression.mako punctuation.section.embedded.begin.mako
##^^^^^^^ meta.embedded.expression.mako source.python
##        ^^ meta.embedded.expression.mako source.python keyword.control.flow.python
##                        ^^ meta.embedded.expression.mako source.python string.quoted.single.python

# revision identifiers, used by Alembic.
## <- comment.line.number-sign.python - comment.line.double-number-sign.mako
revision: str = ${repr(up_revision)}
##        ^^^ support.type.python
##            ^ keyword.operator.assignment.python
##              ^^ meta.embedded.expression.mako punctuation.section.embedded.begin.mako
##                ^^^^ meta.embedded.expression.mako source.python support.function.builtin.python
down_revision: Union[str, Sequence[str], None] = ${repr(down_revision)}
##                                               ^^ meta.embedded.expression.mako punctuation.section.embedded.begin.mako
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}


def upgrade() -> None:
## <--- meta.function.python storage.type.function.python
##  ^^^^^^^ meta.function.python entity.name.function.python
    ${upgrades if upgrades else "pass"}
##  ^^ meta.embedded.expression.mako punctuation.section.embedded.begin.mako
##                               ^^^^ meta.embedded.expression.mako source.python string.quoted.single.python

<%
    db_names = config.get_main_option("databases")
##  ^^^^^^^^ meta.embedded.block.mako source.python
##           ^ meta.embedded.block.mako source.python keyword.operator.assignment.python
##                                     ^^^^^^^^^ meta.embedded.block.mako source.python string.quoted.single.python
    seen = {"a": 1}
##         ^ meta.embedded.block.mako source.python punctuation.definition.dict.begin.python
%>
## <-- meta.embedded.block.mako punctuation.section.embedded.end.mako

## generate an "upgrade_<xyz>() / downgrade_<xyz>()" function
## <-------------------------------------------------------------- comment.line.double-number-sign.mako
    ## an indented Mako comment
##  ^^ comment.line.double-number-sign.mako punctuation.definition.comment.mako
x = 1  ## not a Mako comment: ## only starts one at the beginning of a line
##     ^^ comment.line.number-sign.python - comment.line.double-number-sign.mako

% for db_name in re.split(r',\s*', db_names):
## <- meta.control.mako keyword.control.directive.mako
##^^^ meta.control.mako source.python keyword.control.flow.python
##                                          ^ meta.control.mako source.python punctuation.separator.colon.python

def upgrade_${db_name}() -> None:
## <--- meta.function.python storage.type.function.python
##  ^^^^^^^^ meta.function.python entity.name.function.python
##          ^^ meta.function.python meta.embedded.expression.mako punctuation.section.embedded.begin.mako
##            ^^^^^^^ meta.function.python meta.embedded.expression.mako source.python
##                    ^^ meta.function.python meta.function.parameters.python
##                       ^^ meta.function.python punctuation.separator.annotation.result.python - invalid
    ${context.get("%s_upgrades" % db_name, "pass")}
##  ^^ meta.embedded.expression.mako punctuation.section.embedded.begin.mako
##                 ^^ meta.embedded.expression.mako source.python string.quoted.single.python constant.character.format.placeholder.other.python
##                                                ^ meta.embedded.expression.mako punctuation.section.embedded.end.mako

% endfor
## <- meta.control.mako keyword.control.directive.mako
##^^^^^^ meta.control.mako keyword.control.flow.mako
% if branch_labels:
##^^ meta.control.mako keyword.control.flow.python
% else:
##^^^^ meta.control.mako keyword.control.flow.python
% endif
##^^^^^ meta.control.mako keyword.control.flow.mako
%% a literal percent sign
## <-- constant.character.escape.mako - meta.control.mako
${ {"a": 1}["a"] }
##        ^ meta.embedded.expression.mako punctuation.definition.dict.end.python - punctuation.section.embedded
##               ^ meta.embedded.expression.mako punctuation.section.embedded.end.mako
<%doc>
## <------ comment.block.documentation.mako
  ${not_an_expression}
##^^^^^^^^^^^^^^^^^^^^ comment.block.documentation.mako - meta.embedded
</%doc>
<%text>${left_as_is}</%text>
## <-- meta.tag.text.mako punctuation.definition.tag.begin.mako
##^^^^ meta.tag.text.mako entity.name.tag.mako
##     ^^^^^^^^^^^^^ meta.raw.mako - meta.embedded
<%namespace name="helpers" file="helpers.mako"/>
##^^^^^^^^^ meta.tag.mako entity.name.tag.mako
##          ^^^^ meta.tag.mako entity.other.attribute-name.mako
##                ^^^^^^^ meta.tag.mako string.quoted.double.mako
# ${message} in a Python comment is still substituted
##^^ comment.line.number-sign.python meta.embedded.expression.mako punctuation.section.embedded.begin.mako
