package dev.weft.internal;

import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.ReflectionException;

/**
 * The task tree as a JMX MBean, {@code dev.weft:type=Tasks}: attribute {@code LiveTaskCount}, operation
 * {@code dumpTaskTree()}. Reachable from outside the process with JConsole or JDK Mission Control (or
 * any JMX client; {@code jcmd <pid> ManagementAgent.start_local} opens a local connector on a
 * running JVM).
 *
 * <p>A {@link DynamicMBean}, so JMX never reflects on this (unexported) package; only this class and
 * {@link #register()} touch {@code java.management}, which the module requires statically: the
 * toolkit loads without it, and {@link #register()} says what to add if it is missing.
 */
public final class TasksMBean implements DynamicMBean {
    /** The name it is registered under. */
    public static final String NAME = "dev.weft:type=Tasks";

    private TasksMBean() {
    }

    /** Registers the MBean with the platform MBean server; false if it was registered already. */
    public static boolean register() {
        if (TasksMBean.class.getModule().isNamed() && !TasksMBean.class.getModule().canRead(javaManagement())) {
            throw new UnsupportedOperationException("the MBean needs module java.management: add --add-modules java.management");
        }
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            server.registerMBean(new TasksMBean(), new ObjectName(NAME));
            return true;
        } catch (InstanceAlreadyExistsException e) {
            return false;
        } catch (JMException e) {
            throw new IllegalStateException("could not register the MBean " + NAME, e);
        }
    }

    private static Module javaManagement() {
        return ModuleLayer.boot().findModule("java.management").orElseThrow(() -> new UnsupportedOperationException(
                "the MBean needs module java.management: add --add-modules java.management"));
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        if ("LiveTaskCount".equals(attribute)) {
            return TaskTree.liveTasks().size();
        }
        throw new AttributeNotFoundException("no attribute " + attribute + " (there is LiveTaskCount)");
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException("attribute " + attribute.getName() + " is read-only or unknown");
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String a : attributes) {
            if ("LiveTaskCount".equals(a)) {
                list.add(new Attribute(a, TaskTree.liveTasks().size()));
            }
        }
        return list;
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        if ("dumpTaskTree".equals(actionName) && (params == null || params.length == 0)) {
            return TaskTree.dump();
        }
        throw new ReflectionException(new NoSuchMethodException(actionName),
                "no operation " + actionName + " (there is dumpTaskTree())");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return new MBeanInfo(TasksMBean.class.getName(), "Weft's live tasks",
                new MBeanAttributeInfo[] {
                    new MBeanAttributeInfo("LiveTaskCount", "int", "Weft tasks that have not finished", true, false, false)
                },
                null,
                new MBeanOperationInfo[] {
                    new MBeanOperationInfo("dumpTaskTree", "The tree of live scopes and tasks, with what each waits on",
                            null, "java.lang.String", MBeanOperationInfo.INFO)
                },
                null);
    }
}
