package dev.schemacode.core.liquibase;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The project's class path. For the validate goal, which runs before compilation, it can stand in
 * for {@code customChange} classes that do not exist yet: a class registered with
 * {@link #standIn} is generated on demand as a {@code CustomTaskChange} that does nothing, so the
 * rest of the changelog tree can still be parsed and validated.
 */
final class ProjectClassLoader extends URLClassLoader {

    private static final String CUSTOM_TASK_CHANGE = "liquibase/change/custom/CustomTaskChange";

    private final Set<String> standIns = ConcurrentHashMap.newKeySet();

    ProjectClassLoader(URL[] urls, ClassLoader parent) {
        super("schemacode-project", urls, parent);
    }

    /** Registers a binary class name to generate when it cannot be found. */
    void standIn(String className) {
        standIns.add(className);
    }

    /** @return whether the class name is (or would be) a generated stand-in. */
    boolean isStandIn(String className) {
        return standIns.contains(className);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        try {
            return super.findClass(name);
        } catch (ClassNotFoundException e) {
            if (!standIns.contains(name)) {
                throw e;
            }
            byte[] bytes = standInBytes(name.replace('.', '/'));
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    /** A public class implementing CustomTaskChange whose methods do nothing. */
    private static byte[] standInBytes(String internalName) {
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES | ClassWriter.COMPUTE_MAXS);
        cw.visit(Opcodes.V17, Opcodes.ACC_PUBLIC | Opcodes.ACC_SUPER, internalName, null, "java/lang/Object",
                new String[] {CUSTOM_TASK_CHANGE});
        MethodVisitor init = cw.visitMethod(Opcodes.ACC_PUBLIC, "<init>", "()V", null, null);
        init.visitCode();
        init.visitVarInsn(Opcodes.ALOAD, 0);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
        init.visitInsn(Opcodes.RETURN);
        init.visitMaxs(0, 0);
        init.visitEnd();
        emptyMethod(cw, "execute", "(Lliquibase/database/Database;)V", Opcodes.RETURN);
        emptyMethod(cw, "setUp", "()V", Opcodes.RETURN);
        emptyMethod(cw, "setFileOpener", "(Lliquibase/resource/ResourceAccessor;)V", Opcodes.RETURN);
        MethodVisitor message = cw.visitMethod(Opcodes.ACC_PUBLIC, "getConfirmationMessage", "()Ljava/lang/String;", null, null);
        message.visitCode();
        message.visitLdcInsn("not run: stand-in for a class that is not compiled yet");
        message.visitInsn(Opcodes.ARETURN);
        message.visitMaxs(0, 0);
        message.visitEnd();
        MethodVisitor validate = cw.visitMethod(Opcodes.ACC_PUBLIC, "validate",
                "(Lliquibase/database/Database;)Lliquibase/exception/ValidationErrors;", null, null);
        validate.visitCode();
        validate.visitTypeInsn(Opcodes.NEW, "liquibase/exception/ValidationErrors");
        validate.visitInsn(Opcodes.DUP);
        validate.visitMethodInsn(Opcodes.INVOKESPECIAL, "liquibase/exception/ValidationErrors", "<init>", "()V", false);
        validate.visitInsn(Opcodes.ARETURN);
        validate.visitMaxs(0, 0);
        validate.visitEnd();
        cw.visitEnd();
        return cw.toByteArray();
    }

    private static void emptyMethod(ClassWriter cw, String name, String descriptor, int returnOpcode) {
        MethodVisitor mv = cw.visitMethod(Opcodes.ACC_PUBLIC, name, descriptor, null, null);
        mv.visitCode();
        mv.visitInsn(returnOpcode);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }
}
