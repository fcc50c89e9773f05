package dev.schemacode.core.changelog;

import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.exception.ChangeLogParseException;
import liquibase.parser.ChangeLogParser;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.parser.core.ParsedNode;
import liquibase.parser.core.ParsedNodeException;
import liquibase.parser.core.xml.XMLChangeLogSAXParser;
import liquibase.resource.ResourceAccessor;

/**
 * Liquibase's XML changelog parser (XSD validation, parameters and includes unchanged) that builds
 * changesets through the {@link ChangeTypeMemo} of the load under way and, for the master
 * changelog, passes each changeset to a {@link ParseListener} when it is added. A changeset reaches
 * the master changelog complete: its own file's changesets as they are built, an included file's
 * after that file's include has applied its logical path and {@code modifyChangeSets}. Does what
 * {@code AbstractChangeLogParser#parse} does, with the changelog built here.
 *
 * <p>One instance without a listener is registered with Liquibase's {@link ChangeLogParserFactory}
 * (see {@link #register()}), one priority above Liquibase's XML parser, so that included XML files
 * are parsed by it too; it claims a file only inside a {@link ChangelogLoader} load (the scope
 * holds a memo), so any other parse in the same class realm gets Liquibase's parser.
 */
final class StreamingXmlParser extends XMLChangeLogSAXParser {

    private static final Object REGISTRATION = new Object();

    private final ParseListener listener;

    /** @param listener hears the changesets of the master changelog, or null for an included file */
    StreamingXmlParser(ParseListener listener) {
        this.listener = listener;
        setShouldWarnOnMismatchedXsdVersion(false);
    }

    /**
     * Registers the parser of included XML files with Liquibase's parser factory, once per factory.
     * Every load calls it before it parses, so no parse of ours reads the factory's list while it
     * changes.
     */
    static void register() {
        synchronized (REGISTRATION) {
            ChangeLogParserFactory factory = ChangeLogParserFactory.getInstance();
            for (ChangeLogParser parser : factory.getParsers()) {
                if (parser instanceof StreamingXmlParser) {
                    return;
                }
            }
            factory.register(new StreamingXmlParser(null));
        }
    }

    @Override
    public int getPriority() {
        return super.getPriority() + 1;
    }

    @Override
    public boolean supports(String changeLogFile, ResourceAccessor resourceAccessor) {
        return memo() != null && super.supports(changeLogFile, resourceAccessor);
    }

    @Override
    public DatabaseChangeLog parse(String physicalChangeLogLocation, ChangeLogParameters changeLogParameters,
            ResourceAccessor resourceAccessor) throws ChangeLogParseException {
        ParsedNode parsedNode = parseToNode(physicalChangeLogLocation, changeLogParameters, resourceAccessor);
        if (parsedNode == null) {
            return null;
        }
        ChangeTypeMemo memo = memo();
        DatabaseChangeLog changeLog = new DatabaseChangeLog(DatabaseChangeLog.normalizePath(physicalChangeLogLocation)) {
            @Override
            protected ChangeSet createChangeSet(ParsedNode node, ResourceAccessor accessor) throws ParsedNodeException {
                ChangeSet changeSet = memo == null ? null : memo.createChangeSet(this, node, accessor);
                return changeSet != null ? changeSet : super.createChangeSet(node, accessor);
            }

            @Override
            public void addChangeSet(ChangeSet changeSet) {
                super.addChangeSet(changeSet);
                if (listener != null) {
                    listener.parsed(changeSet);
                }
            }
        };
        changeLog.setChangeLogParameters(changeLogParameters);
        try {
            changeLog.load(parsedNode, resourceAccessor);
        } catch (Exception e) {
            throw new ChangeLogParseException(e);
        }
        return changeLog;
    }

    private static ChangeTypeMemo memo() {
        return Scope.getCurrentScope().get(ChangeTypeMemo.SCOPE_KEY, ChangeTypeMemo.class);
    }
}
