// Every export of a "use server" file is a public endpoint anyone can call with any body.
// This rule keeps them all built from the one action client (lib/actions/client.ts), so each
// declares who may call it (publicAction / userAction / adminAction) and validates its input.

const CLIENTS = new Set(['publicAction', 'userAction', 'adminAction']);

/** The identifier a call chain starts from: `userAction.inputSchema(…).stateAction(…)` → userAction. */
function chainRoot(node) {
  let current = node;
  for (;;) {
    if (!current) return null;
    if (current.type === 'CallExpression') current = current.callee;
    else if (current.type === 'MemberExpression') current = current.object;
    else if (current.type === 'Identifier') return current.name;
    else return null;
  }
}

const isUseServerFile = (program) =>
  program.body.some((statement) => statement.type === 'ExpressionStatement' && statement.directive === 'use server');

export const serverActionsRule = {
  meta: {
    type: 'problem',
    docs: { description: 'Server actions are built from lib/actions/client.ts' },
    messages: {
      useClient:
        'Every "use server" export is a public endpoint: build it from the action client (publicAction, userAction or adminAction in lib/actions/client.ts) so its caller and input are checked.',
    },
    schema: [],
  },
  create(context) {
    let active = false;
    const check = (node) => {
      if (!active) return;
      const declaration = node.declaration;
      if (!declaration) {
        context.report({ node, messageId: 'useClient' });
        return;
      }
      if (declaration.type === 'TSTypeAliasDeclaration' || declaration.type === 'TSInterfaceDeclaration') return;
      if (declaration.type !== 'VariableDeclaration') {
        context.report({ node, messageId: 'useClient' });
        return;
      }
      for (const declarator of declaration.declarations) {
        if (!CLIENTS.has(chainRoot(declarator.init) ?? '')) context.report({ node: declarator, messageId: 'useClient' });
      }
    };
    return {
      Program(program) {
        active = isUseServerFile(program);
      },
      ExportNamedDeclaration: check,
      ExportDefaultDeclaration(node) {
        if (active) context.report({ node, messageId: 'useClient' });
      },
    };
  },
};

export const bursarPlugin = { rules: { 'server-actions-from-client': serverActionsRule } };
